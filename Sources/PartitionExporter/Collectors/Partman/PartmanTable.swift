import PartitionExporterCore

/// One row of pg_partman's `part_config`, decoded. pg_partman 4.x and 5.x lay the table out differently, so the
/// query reads each row as JSON and a column that the installed version lacks is simply absent.
struct PartmanTable: Equatable {
    var name: QualifiedName
    /// `partition_interval` as stored: an interval's text (`1 day`, `1 mon`, `01:00:00`) or an id count.
    var intervalText: String
    var automaticMaintenance: String
    var infiniteTimePartitions: String
    var retentionKeepTable: String
    /// `maintenance_last_run` in seconds since the epoch; nil when never run or not recorded.
    var maintenanceLastRun: Double?
    /// True when the installed version has `maintenance_last_run` (pg_partman 5.1+).
    var recordsMaintenanceLastRun: Bool
    /// What the exporter takes from the row.
    var settings: PartmanSettings
    /// `part_config` columns holding a value the exporter cannot follow (a retention of `1 mon 15 days`, say).
    var unreadable: [String]

    /// Decodes the rows of `PartmanCollector.configQuery`; rows without a parent table are skipped.
    static func decode(_ rows: [[String?]]) -> [PartmanTable] {
        rows.compactMap { row in
            guard row.count >= 11, let schema = row[0], let table = row[1], !schema.isEmpty, !table.isEmpty else {
                return nil
            }
            var unreadable: [String] = []
            let intervalText = row[2] ?? ""
            let epoch = row[5].flatMap(Epoch.init(rawValue:))
            // An integer interval (`10000`) is an id table's: no time settings come from it.
            let timeBased = !intervalText.isEmpty && Int64(intervalText) == nil
            let interval = timeBased ? CalendarInterval(postgres: intervalText) : nil
            if timeBased, interval == nil { unreadable.append("partition_interval") }
            var retention: CalendarInterval?
            if timeBased, let text = row[4], !text.isEmpty {
                retention = CalendarInterval(postgres: text)
                if retention == nil { unreadable.append("retention") }
            }
            let premake = row[3].flatMap(Int.init)
            return PartmanTable(
                name: QualifiedName(schema: schema, name: table), intervalText: intervalText,
                automaticMaintenance: row[6] ?? "", infiniteTimePartitions: row[7] ?? "",
                retentionKeepTable: row[8] ?? "", maintenanceLastRun: row[10].flatMap(Double.init),
                recordsMaintenanceLastRun: row[9] == "t",
                settings: PartmanSettings(
                    premake: premake, retention: retention, interval: interval, epoch: epoch,
                    infiniteTimePartitions: timeBased ? ["true": true, "false": false][row[7] ?? ""] : nil),
                unreadable: unreadable)
        }
    }
}
