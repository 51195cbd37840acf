import Testing

@testable import TachikomaCore

/// The config keys of issue 19: `markdown` and `copy_command`.
@Suite struct MarkdownConfigTests {
    @Test func markdownIsOnUnlessTurnedOff() throws {
        #expect(TachikomaConfig().markdown)
        #expect(try TachikomaConfig.parse(#"{"markdown": false}"#, file: "c.json").markdown == false)
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"markdown": "no"}"#, file: "c.json") }
    }

    @Test func copyCommandIsAProgramAndItsArguments() throws {
        #expect(TachikomaConfig().copyCommand == nil)
        let config = try TachikomaConfig.parse(#"{"copy_command": ["xclip", "-selection", "clipboard"]}"#, file: "c.json")
        #expect(config.copyCommand == ["xclip", "-selection", "clipboard"])
        #expect(try TachikomaConfig.parse(#"{"copy_command": null}"#, file: "c.json").copyCommand == nil)
        for bad in [#""wl-copy""#, "[]", #"[""]"#, "[1]"] {
            #expect(throws: ConfigError.self, "\(bad)") { try TachikomaConfig.parse(#"{"copy_command": \#(bad)}"#, file: "c.json") }
        }
    }
}
