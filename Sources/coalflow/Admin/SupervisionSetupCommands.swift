import ArgumentParser
import CoalflowCore
import CoalflowStore

struct QualityLimitsSetCommand: SetupCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a program year's quality limits (质量限值); limits not given stay as they were.",
        discussion: """
            A reading at the limit passes. The plan names no numbers; demo limits (admin seed --demo) stay
            marked demo until all five are set here.
            Example: coalflow admin quality-limits set --year 2021 --sulfur-max 0.5 --ash-max 16 --volatile-max 12 --heat-min 23 --efficiency-min 70
            """
    )

    @Option(help: "Program year.") var year: Int
    @Option(help: "Coal: highest total sulfur St,d, %.") var sulfurMax: String?
    @Option(help: "Coal: highest ash Ad, %.") var ashMax: String?
    @Option(help: "Coal: highest volatile matter Vdaf, %.") var volatileMax: String?
    @Option(help: "Coal: lowest net calorific value Qnet,ar, MJ/kg.") var heatMin: String?
    @Option(help: "Stove: lowest thermal efficiency, %.") var efficiencyMin: String?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    var limits: [QualityIndicator: String] {
        given([(.sulfur, sulfurMax), (.ash, ashMax), (.volatile, volatileMax), (.heat, heatMin), (.efficiency, efficiencyMin)])
    }

    func validate() throws {
        guard !limits.isEmpty else {
            throw ValidationError(
                "give at least one of " + QualityIndicator.allCases.map { "--\($0.limitFlag)" }.joined(separator: ", "))
        }
    }

    func change(_ store: AdminStore) async throws -> Message {
        var parsed = QualityLimits([:])
        for indicator in QualityIndicator.allCases {
            guard let text = limits[indicator] else { continue }
            parsed.values[indicator] = try QualityMeasure(parsing: text, for: indicator, field: "--\(indicator.limitFlag)")
        }
        try await store.setQualityLimits(year: year, parsed)
        let described = QualityIndicator.allCases.compactMap { indicator in
            parsed.values[indicator].map { limit in
                let bound = "\(indicator.bound(limit)) \(indicator.unit)"
                return Message(zh: "\(indicator.label.zh) \(bound)", en: "\(indicator.label.en) \(bound)")
            }
        }
        return .init(
            zh: "已设定 \(year) 年度质量限值：\(described.map(\.zh).joined(separator: "，"))。",
            en: "Set the \(year) quality limits: \(described.map(\.en).joined(separator: ", ")).")
    }
}

struct CoordinatorSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a village's coordinator (协查员), replacing the one before.",
        discussion: """
            The phone is stored encrypted with the data keys, like every phone.
            Example: coalflow admin coordinator set --village caiyuan-demo1 --name 王建国 --phone 13812345678
            """
    )

    @Option(help: "Village code.") var village: String
    @Option(help: "The coordinator's name (a village committee member).") var name: String
    @Option(help: "Phone: an 11-digit mobile or a landline with area code.") var phone: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = commandLogger("coalflow.admin")
        try await database.withDatabase(logger: logger) { client, _ in
            let keys = try database.dataKeys()
            try await DataKeyFingerprints(client: client, logger: logger).check(keys)
            try await CoordinatorStore(client: client, logger: logger, keys: keys).set(village: village, name: name, phone: phone)
        }
        if output.json {
            try Output.json(["ok": true])
        } else {
            output.style.say(.init(zh: "已设定「\(village)」的协查员。", en: "Set the coordinator of '\(village)'."))
        }
    }
}
