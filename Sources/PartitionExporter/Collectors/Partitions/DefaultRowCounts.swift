import PartitionExporterCore

/// The rows of `PartitionQueries.defaultRowCounts`: each counted default partition's oid and the rows its count saw.
enum DefaultRowCounts {
    /// Each counted default partition's rows, as a `RowCount` against `limit` (a count of `limit + 1` stopped
    /// early). A row that does not read as an oid and a count is left out, so that its partition is estimated rather
    /// than served a wrong count.
    static func decode(_ rows: some ResultCells, limit: Int) -> [Oid: RowCount] {
        var counts: [Oid: RowCount] = [:]
        for row in 0..<rows.rowCount {
            guard let oid = rows.unsigned(row, 0, as: Oid.self), let counted = rows.double(row, 1),
                counted.isFinite, counted >= 0
            else { continue }
            counts[oid] = RowCount(counted: counted, limit: limit)
        }
        return counts
    }
}
