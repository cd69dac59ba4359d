/// UTC timestamps in the form both schemes send: `YYYY-MM-DDThh:mm:ssZ`.
///
/// Written by hand from the seconds since the epoch so that signing needs no
/// calendar, locale or time-zone database.
public enum Timestamp {
    /// Formats `secondsSince1970` (UTC). Years outside 0...9999 are clamped.
    public static func iso8601(secondsSince1970 seconds: Int64) -> String {
        let clamped = min(max(seconds, -62_167_219_200), 253_402_300_799)  // 0000-01-01 ... 9999-12-31
        let days = clamped >= 0 ? clamped / 86_400 : (clamped - 86_399) / 86_400
        let secondOfDay = clamped - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        // Each field written in place, zero-padded: no array of fields per call.
        return String(unsafeUninitializedCapacity: 20) { out in
            var index = 0
            func field(_ value: Int64, width: Int, then separator: UInt8) {
                var value = value
                for position in stride(from: index + width - 1, through: index, by: -1) where position < out.count {
                    out[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                    value /= 10
                }
                if index + width < out.count { out[index + width] = separator }
                index += width + 1
            }
            field(year, width: 4, then: UInt8(ascii: "-"))
            field(month, width: 2, then: UInt8(ascii: "-"))
            field(day, width: 2, then: UInt8(ascii: "T"))
            field(secondOfDay / 3600, width: 2, then: UInt8(ascii: ":"))
            field(secondOfDay / 60 % 60, width: 2, then: UInt8(ascii: ":"))
            field(secondOfDay % 60, width: 2, then: UInt8(ascii: "Z"))
            return min(index, out.count)
        }
    }

    /// Parses `YYYY-MM-DDThh:mm:ssZ` back to seconds since the epoch; nil if malformed.
    public static func secondsSince1970(iso8601 text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              bytes[19] == UInt8(ascii: "Z"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]),
              let second = number(bytes[17..<19]),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        return daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
    }

    // Howard Hinnant's days-from-civil and civil-from-days algorithms.
    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
