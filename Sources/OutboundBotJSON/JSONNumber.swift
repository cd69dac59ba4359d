/// What the text of a JSON number becomes: the same as JSONDecoder gave
/// before (callers and tests rely on it), which is
///
/// - digits alone (`-12`) that fit in 64 bits: `.integer`; that do not: `.double`;
/// - with a fraction or an exponent: `.integer` when the nearest double is a
///   whole number that fits (`1.0`, `1e3`, `-0.0`, `1e-400` give 1, 1000, 0,
///   0), else `.double` (`0.5`, `9223372036854775807.0`). From 2^53 on, where
///   doubles are sparser than integers, the integer is the text's own integer
///   part (`9007199254740993.5` gives 9007199254740993), if it fits;
/// - beyond the range of a double (`1e400`): not a number at all.
enum JSONNumber {
    /// `text` has already passed the RFC 8259 grammar; `plainInteger` when it
    /// has neither fraction nor exponent.
    static func value(_ text: UnsafeBufferPointer<UInt8>, plainInteger: Bool) -> JSONValue? {
        if plainInteger, let integer = integer(text) { return .integer(integer) }
        guard let double = Double(String(decoding: text, as: UTF8.self)), double.isFinite else { return nil }
        guard !plainInteger, let whole = Int64(exactly: double) else { return .double(double) }
        if double.magnitude < 0x1p53 { return .integer(whole) }
        return integerPart(text).map(JSONValue.integer) ?? .double(double)
    }

    /// Decimal digits after an optional `-`; nil when the value does not fit.
    private static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        var value: Int64 = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            let digit = Int64(byte &- UInt8(ascii: "0"))
            let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: 10)
            // Negative values are built downwards, so that Int64.min fits.
            let (next, addOverflow) = negative ? shifted.subtractingReportingOverflow(digit)
                                               : shifted.addingReportingOverflow(digit)
            if shiftOverflow || addOverflow { return nil }
            value = next
        }
        return value
    }

    /// The integer part of `text` (a number with a fraction or an exponent)
    /// as JSONDecoder's Decimal fallback read it: the first 38 significant
    /// digits (the rest dropped), without trailing zeros, must fit in 64 bits
    /// unsigned, and the integer part's magnitude in Int64.max (so -2^63 does
    /// not). Else nil.
    private static func integerPart(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let decimalDigits = 38
        var digits: [UInt8] = []  // significant: from the first non-zero digit on
        digits.reserveCapacity(decimalDigits)
        var dropped = 0
        var fractionDigits = 0
        var inFraction = false
        var exponent = 0
        var index = text.startIndex
        let negative = text.first == UInt8(ascii: "-")
        if negative { index += 1 }
        scan: while index < text.endIndex {
            let byte = text[index]
            index += 1
            switch byte {
            case UInt8(ascii: "."):
                inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                exponent = clampedExponent(text[index...])
                break scan
            default:
                let digit = byte &- UInt8(ascii: "0")
                if digits.count == decimalDigits {
                    dropped += 1
                } else if !digits.isEmpty || digit != 0 {
                    digits.append(digit)
                }
                if inFraction { fractionDigits += 1 }
            }
        }
        // The value is digits × 10^scale.
        var (scale, overflow) = exponent.subtractingReportingOverflow(fractionDigits)
        guard !overflow else { return nil }
        (scale, overflow) = scale.addingReportingOverflow(dropped)
        guard !overflow else { return nil }
        while digits.last == 0 {
            digits.removeLast()
            scale += 1  // at most 38 steps from a clamped value: cannot overflow
        }
        var magnitude: UInt64 = 0
        for digit in digits {
            let (shifted, shiftOverflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, addOverflow) = shifted.addingReportingOverflow(UInt64(digit))
            if shiftOverflow || addOverflow { return nil }
            magnitude = next
        }
        if scale >= 0 {
            for _ in 0..<scale {
                let (shifted, shiftOverflow) = magnitude.multipliedReportingOverflow(by: 10)
                if shiftOverflow { return nil }
                if shifted == 0 { break }
                magnitude = shifted
            }
        } else {
            for _ in 0..<min(-scale, 20) where magnitude > 0 { magnitude /= 10 }
        }
        guard let value = Int64(exactly: magnitude) else { return nil }
        return negative ? -value : value
    }

    /// An exponent's optional sign and digits, held within ±1,000,000 (far
    /// beyond any double) so that no digit string can overflow it.
    private static func clampedExponent(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        let limit = 1_000_000
        var rest = text[...]
        let negative = rest.first == UInt8(ascii: "-")
        if rest.first == UInt8(ascii: "-") || rest.first == UInt8(ascii: "+") { rest = rest.dropFirst() }
        var value = 0
        for byte in rest where value < limit {
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return negative ? -min(value, limit) : min(value, limit)
    }
}
