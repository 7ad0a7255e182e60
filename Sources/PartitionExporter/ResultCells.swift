import Foundation

/// The cells of one statement's result, read where they lie: libpq's result for a query
/// (`PostgresConnection.QueryResult`), an array of rows for canned rows in tests. Decoders of large results read numbers, compare text and hash cells
/// through it without making a `String` of every cell: at 100,000 partitions the structure query's rows as Swift
/// strings took 40 MB and a tenth of a scrape's CPU, and they coexisted with libpq's own copy.
protocol ResultCells {
    var rowCount: Int { get }
    /// Calls `body` with the cell's bytes, which are followed by a NUL (not counted), or with nil for NULL.
    func withCell<R>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R
}

extension ResultCells {
    /// The cell as text; nil for NULL.
    func string(_ row: Int, _ column: Int) -> String? {
        withCell(row, column) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The cell as a float8 as PostgreSQL prints it (`1.5`, `1e+20`, `NaN`, `Infinity`); nil for NULL or text
    /// `strtod` does not read whole. `strtod` reads the C locale's decimal point: the exporter never calls
    /// `setlocale`.
    func double(_ row: Int, _ column: Int) -> Double? {
        withCell(row, column) { bytes -> Double? in
            guard let bytes, let start = bytes.baseAddress, !bytes.isEmpty else { return nil }
            return start.withMemoryRebound(to: CChar.self, capacity: bytes.count + 1) { text -> Double? in
                var end: UnsafeMutablePointer<CChar>?
                let value = strtod(text, &end)
                return end.map { UnsafePointer($0) } == text + bytes.count ? value : nil
            }
        }
    }

    /// The cell as an unsigned decimal integer (an oid, an xid); nil for NULL, other text or overflow.
    func unsigned<Value: FixedWidthInteger & UnsignedInteger>(_ row: Int, _ column: Int, as: Value.Type = Value.self)
        -> Value?
    {
        withCell(row, column) { bytes -> Value? in
            guard let bytes, !bytes.isEmpty else { return nil }
            var value: Value = 0
            for byte in bytes {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, carry) = shifted.addingReportingOverflow(Value(byte - UInt8(ascii: "0")))
                guard !overflow, !carry else { return nil }
                value = sum
            }
            return value
        }
    }

    /// True when the cell is exactly `text` (a boolean's `t`, a relkind); false for NULL.
    func cell(_ row: Int, _ column: Int, is text: StaticString) -> Bool {
        withCell(row, column) { bytes in
            guard let bytes else { return false }
            return bytes.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// Feeds the cell's bytes, and whether it is NULL, to `hasher`.
    func hash(_ row: Int, _ column: Int, into hasher: inout Hasher) {
        withCell(row, column) { bytes in
            hasher.combine(bytes == nil)
            if let bytes { hasher.combine(bytes: UnsafeRawBufferPointer(bytes)) }
        }
    }
}

/// Canned rows, as tests write them; each cell is given NUL-terminated, as libpq gives it.
extension Array: ResultCells where Element == [String?] {
    var rowCount: Int { count }

    func withCell<R>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard column < self[row].count, let text = self[row][column] else { return body(nil) }
        return text.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: text.utf8.count + 1) {
                body(UnsafeBufferPointer(start: $0, count: text.utf8.count))
            }
        }
    }
}
