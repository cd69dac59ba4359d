import OutboundBot
import OutboundBotCatalogue

/// What follows the global options: `<Action> --Name value ...`, or a request for help.
///
/// Everything here is checked against the catalogue before a client exists, so a
/// mistake in the command line is reported (exit 2) with nothing sent and before
/// credentials are looked for.
enum CommandLineRequest {
    /// `outboundbot help`, `outboundbot --help`: the global options and every action.
    case generalHelp
    /// `outboundbot <Action> --help`, `outboundbot help <Action>`.
    case actionHelp(ActionSpec)
    /// A call, checked against the catalogue; `pager` walks every page.
    case call(ActionArguments)

    static let helpFlags: Set<String> = ["--help", "-h"]
    static let pagerFlag = "--pager"

    init(_ arguments: [String]) throws(OutboundBotError) {
        guard let first = arguments.first else {
            throw .invalidArgument(field: "action", "missing: outboundbot <Action> --Name value ...; `outboundbot help` lists the actions")
        }
        if first == "help" || Self.helpFlags.contains(first) {
            guard let name = arguments.dropFirst().first(where: { !Self.helpFlags.contains($0) }) else {
                self = .generalHelp
                return
            }
            self = .actionHelp(try Self.action(named: name))
            return
        }
        guard !first.hasPrefix("-") else {
            throw .invalidArgument(field: Self.printable(first), "expected an action before the parameters: outboundbot <Action> --Name value ...")
        }
        let action = try Self.action(named: first)
        let options = ActionArguments.tokenize(arguments.dropFirst())
        if options.help {
            self = .actionHelp(action)
            return
        }
        self = .call(try ActionArguments(action: action, options: options))
    }

    /// The catalogued action called exactly `name`, else an error with the nearest name.
    static func action(named name: String) throws(OutboundBotError) -> ActionSpec {
        if let action = Catalogue.action(named: name) { return action }
        let hint = NearestName.suggest(for: name, among: Catalogue.actions.map(\.name))
            .map { " (did you mean \($0)?)" } ?? ""
        throw .invalidArgument(field: "action",
                               "unknown action '\(printable(name))'\(hint); `outboundbot help` lists the actions")
    }

    /// `text` for an error message: control characters escaped, long text cut.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            out += scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return text.unicodeScalars.count > 80 ? out + "..." : out
    }
}

/// `<Action> --Name value ...` as one request of JSON values, checked against the
/// catalogue. The CLI only builds values; `client.call` flattens them for the wire.
struct ActionArguments {
    let action: ActionSpec
    let request: OutboundBotRequest
    /// `--pager`: merge every page of a list action into one document.
    let pager: Bool

    /// One `--Name value` (or `--Name=value`) as written.
    struct Option {
        /// The option as the user wrote it, without its value: `--Tag.1.Key`.
        var spelling: String
        /// `Tag.1.Key` split at the dots: ["Tag", "1", "Key"].
        var path: [Substring]
        var value: String
    }

    struct Options {
        var parameters: [Option] = []
        var help = false
        var pager = false
        /// The first word that is not `--Name value`; reported unless help was asked for.
        var problem: OutboundBotError?
    }

    /// Splits the words after the action into options, `--help` and `--pager`.
    /// Knows nothing of the action yet, and reads on past a malformed word, so that
    /// `--help` anywhere wins over any mistake.
    static func tokenize(_ words: ArraySlice<String>) -> Options {
        var options = Options()
        var remaining = words
        func note(_ error: OutboundBotError) {
            if options.problem == nil { options.problem = error }
        }
        while let word = remaining.popFirst() {
            if CommandLineRequest.helpFlags.contains(word) { options.help = true; continue }
            if word == CommandLineRequest.pagerFlag { options.pager = true; continue }
            guard word.hasPrefix("--"), word.count > 2 else {
                note(.invalidArgument(field: CommandLineRequest.printable(word), "expected --Name value"))
                continue
            }
            let body = word.dropFirst(2)
            let name: Substring, value: String
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                value = String(body[body.index(after: equals)...])
            } else {
                guard let next = remaining.popFirst() else {
                    note(.invalidArgument(field: CommandLineRequest.printable(word), "missing value"))
                    continue
                }
                name = body
                value = next
            }
            let path = name.split(separator: ".", omittingEmptySubsequences: false)
            guard !path.contains(where: \.isEmpty) else {
                note(.invalidArgument(field: CommandLineRequest.printable("--\(name)"),
                                      "empty name between dots; write --Name.1.Field value"))
                continue
            }
            options.parameters.append(Option(spelling: "--\(name)", path: path, value: value))
        }
        return options
    }

    init(action: ActionSpec, options: Options) throws(OutboundBotError) {
        if let problem = options.problem { throw problem }
        var slots = ParameterSlots(action: action)
        for option in options.parameters {
            try slots.insert(option)
        }
        let request = OutboundBotRequest(action: action.name, parameters: try slots.values())
        // The catalogue's own check (required parameters, ranges, one-line ids) runs here,
        // before a client exists; `client.call` runs it again on the way out.
        _ = try RequestValidator.validate(request)
        if options.pager, action.pagination == nil {
            throw .invalidArgument(field: CommandLineRequest.pagerFlag,
                                   "\(action.name) does not return pages; --pager is for list actions (`outboundbot help` marks them)")
        }
        self.action = action
        self.request = request
        self.pager = options.pager
    }

    /// Calls the action and gives the JSON to print on success.
    func run(on client: OutboundBotClient) -> Result<[UInt8], OutboundBotError> {
        if pager {
            return PagedCall.run(request, of: action, on: client)
        }
        if action.name == CreateInstanceRequest.name {
            // CreateInstance keeps its typed path: the same checks (name length, concurrency
            // 1...Int32.max, NLU types) and the same request as before the generic CLI.
            return client.call(Self.createInstance(from: request)).map(\.body)
        }
        return client.call(request).map(\.body)
    }

    /// The typed CreateInstance request holding the values of `request`, which the
    /// catalogue has already checked (so every value has its catalogue type).
    static func createInstance(from request: OutboundBotRequest) -> CreateInstanceRequest {
        func string(_ name: String) -> String? {
            if case .string(let text)? = request.value(of: name) { return text }
            return nil
        }
        var maxConcurrent: Int64 = 0
        if case .integer(let number)? = request.value(of: "MaxConcurrentConversation") { maxConcurrent = number }
        var numbers: [String] = []
        if case .array(let elements)? = request.value(of: "CallingNumber") {
            numbers = elements.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        return CreateInstanceRequest(instanceName: string("InstanceName") ?? "",
                                     instanceDescription: string("InstanceDescription"),
                                     maxConcurrentConversation: maxConcurrent,
                                     nluServiceType: string("NluServiceType"),
                                     resourceGroupId: string("ResourceGroupId"),
                                     callingNumbers: numbers)
    }
}
