import Foundation

/// The settings that partition pruning and partition-wise plans depend on, as the planner collector reads them.
enum PlannerSettings {
    static let names = [
        "enable_partition_pruning", "constraint_exclusion", "enable_partitionwise_join",
        "enable_partitionwise_aggregate",
    ]

    /// A setting's value as PostgreSQL's parse_bool accepts it (any prefix of `true`, `false`, `yes`, `no`; `on`,
    /// `of`, `off`; `1`, `0`), spelled as `SHOW` prints it, so that alerts can match `off`. Values that are not
    /// booleans (`partition`) are kept, lower-cased.
    static func canonical(_ value: String) -> String {
        let lower = value.trimmingCharacters(in: .whitespaces).lowercased()
        func prefix(of word: String) -> Bool { !lower.isEmpty && word.hasPrefix(lower) }
        if lower == "1" || lower == "on" || prefix(of: "true") || prefix(of: "yes") { return "on" }
        if lower == "0" || lower == "of" || lower == "off" || prefix(of: "false") || prefix(of: "no") { return "off" }
        return lower
    }

    /// One `pg_db_role_setting` entry: `database` and `role` are empty when the entry applies to all.
    struct Override: Equatable {
        var database: String
        var role: String
        var name: String
        var setting: String
    }

    /// Decodes rows of (database, role, `name=value`) from `pg_db_role_setting`, keeping only the settings above.
    static func overrides(_ rows: [[String?]]) -> [Override] {
        rows.compactMap { row in
            guard row.count >= 3, let entry = row[2], let equals = entry.firstIndex(of: "=") else { return nil }
            let name = entry[..<equals].lowercased()
            guard names.contains(name) else { return nil }
            return Override(database: row[0] ?? "", role: row[1] ?? "", name: name,
                            setting: canonical(String(entry[entry.index(after: equals)...])))
        }
    }
}
