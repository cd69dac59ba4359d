import OutboundBot
import OutboundBotCatalogue

/// `--pager`: every page of a list action, merged into one JSON document.
///
/// The shape is the aliyun CLI's `--pager`: an object holding only the items
/// array, at the catalogue's items path, with all pages' items in order. For
/// ListInstances (items at `Instances`) that is `{"Instances":[...]}`; for
/// ListJobGroups (`JobGroups.List`) it is `{"JobGroups":{"List":[...]}}`. The
/// per-page envelope (RequestId, PageNumber, TotalCount, ...) is left out: it
/// describes one page, not the whole. Each item is printed as the service sent
/// it, re-encoded compactly.
///
/// The walk starts at the page (or token) given on the command line, else the
/// first, and follows `Pager`'s rules for where it ends. If any page fails,
/// nothing is printed and the failure is reported as for a single call.
enum PagedCall {
    static func run(_ request: OutboundBotRequest, of action: ActionSpec,
                    on client: OutboundBotClient) -> Result<[UInt8], OutboundBotError> {
        var pager: Pager
        do throws(OutboundBotError) {
            pager = try Pager(client: client, request: request)
        } catch {
            return .failure(error)
        }
        var items: [JSONValue] = []
        while let next = pager.next() {
            switch next {
            case .success(let item): items.append(item)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(Array(document(items, at: pager.pagination.itemsPath).jsonText.utf8))
    }

    /// `items` nested under the dotted member path `path` ("JobGroups.List").
    static func document(_ items: [JSONValue], at path: String) -> JSONValue {
        path.split(separator: ".").reversed().reduce(JSONValue.array(items)) { inner, name in
            .object([JSONValue.Member(String(name), inner)])
        }
    }
}
