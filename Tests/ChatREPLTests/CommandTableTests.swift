import TachikomaCore
import Testing

@testable import ChatEngine
@testable import ChatREPL

@Suite struct CommandTableTests {
    let table = CommandTable.builtin

    @Test func parsesNameAndArguments() throws {
        let parsed = try #require(ParsedCommand("/set  temperature   0.7 "))
        #expect(parsed.name == "set")
        #expect(parsed.arguments == ["temperature", "0.7"])
        #expect(parsed.argumentText == "temperature   0.7")
    }

    @Test func freeTextKeepsItsSpacing() throws {
        let parsed = try #require(ParsedCommand("/system You are  terse.\nAlways."))
        #expect(parsed.name == "system")
        #expect(parsed.argumentText == "You are  terse.\nAlways.")
    }

    @Test func plainTextIsNotACommand() {
        #expect(ParsedCommand("hello /model") == nil)
        #expect(ParsedCommand("") == nil)
    }

    @Test func looksUpNamesAndAliasesIgnoringCase() {
        #expect(table.lookup("model")?.name == "model")
        #expect(table.lookup("MODEL")?.name == "model")
        #expect(table.lookup("?")?.name == "help")
        #expect(table.lookup("quit")?.name == "bye")
        #expect(table.lookup("exit")?.name == "bye")
        #expect(table.lookup("nosuch") == nil)
    }

    @Test(arguments: [
        ("modle", "/model"), ("mdoel", "/model"), ("mo", "/model"), ("hlep", "/help"), ("claer", "/clear"),
        ("retyr", "/retry"), ("ctxx", "/ctx"), ("tols", "/tools"),
    ])
    func suggestsTheClosestCommand(typed: String, expected: String) {
        #expect(table.suggestion(for: typed) == expected)
    }

    @Test func suggestsNothingForFarOffWords() {
        #expect(table.suggestion(for: "usr") == nil)
        #expect(table.suggestion(for: "completelydifferent") == nil)
    }

    @Test func unknownCommandMessageIsOneLineWithASuggestion() {
        let message = table.unknownCommandMessage("modle")
        #expect(message == "Unknown command '/modle'. Did you mean /model? Type /? for help.")
        #expect(!message.contains("\n"))
    }

    @Test func editDistanceCountsSwapsAsOne() {
        #expect(EditDistance.between("model", "model") == 0)
        #expect(EditDistance.between("modle", "model") == 1)
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("kitten", "sitting") == 3)
    }

    @Test func everyCommandHasHelpAndAUniqueName() {
        let names = table.commands.flatMap(\.allNames)
        #expect(Set(names).count == names.count)
        for command in table.commands {
            #expect(!command.summary.isEmpty)
            #expect(!command.help.isEmpty)
        }
    }

    @Test func helpListsEveryCommandAndExplainsOne() async {
        let (repl, _, output) = makeREPL(["/help", "/? model", "/help nosuch"])
        #expect(await repl.run() == 0)
        for command in table.commands {
            #expect(output.text.contains("/" + command.name))
        }
        #expect(output.text.contains("/model [NAME] — "))
        #expect(output.text.contains("Unknown command '/nosuch'"))
    }

    @Test func unknownCommandNeverReachesTheModel() async {
        let backend = MockBackend()
        let (repl, _, output) = makeREPL(["/modle llama3.2", "/usr/bin is a directory"], backend: backend)
        #expect(await repl.run() == 0)
        #expect(backend.requests.get().isEmpty)
        #expect(output.text.contains("Did you mean /model?"))
        #expect(output.text.contains("Unknown command '/usr/bin'"))
    }

    @Test func doubledSlashSendsAMessageStartingWithOne() async {
        let backend = MockBackend()
        backend.enqueueAnswer(["ok"])
        let (repl, _, _) = makeREPL(["//usr/bin is a directory"], backend: backend)
        #expect(await repl.run() == 0)
        #expect(backend.requests.get().first?.messages.last?.content == "/usr/bin is a directory")
    }

    @Test(arguments: ["/bye", "/exit", "/quit"])
    func byeEndsTheSessionWithZero(command: String) async {
        let (repl, input, _) = makeREPL([command, "never read"])
        #expect(await repl.run() == 0)
        #expect(input.prompts.get().count == 1)
        #expect(input.restored.get())
    }
}
