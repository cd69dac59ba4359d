// JSONValue and JSONPath live in OutboundBotJSON, shared with the emulator;
// re-exported so that `import OutboundBot` still brings them.
@_exported import OutboundBotJSON
