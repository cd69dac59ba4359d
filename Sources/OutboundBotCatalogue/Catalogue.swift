/// Every action of OutboundBot 2019-12-26, generated from the official SDK's
/// metadata by scripts/catalogue/generate.py into Catalogue+Generated.swift.
///
/// Immutable and built once, so it is shared by every thread without a lock.
public enum Catalogue {
    public static let apiVersion = "2019-12-26"

    /// Every action, in name order.
    public static var actions: [ActionSpec] { generatedActions }

    private static let byName: [String: ActionSpec] = Dictionary(
        generatedActions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The action called exactly `name`.
    public static func action(named name: String) -> ActionSpec? {
        byName[name]
    }
}
