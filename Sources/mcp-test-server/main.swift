// A stdio MCP server for ToolKit's tests: newline-delimited JSON-RPC 2.0 on standard input and output,
// written out by hand so a test can make it misbehave in ways a real SDK server would not.
//
// Tools: echo {text}, add {a, b}, slow {seconds}, fail {message}, picture {}.
// Flags:
//   --pid-file PATH        write this process's id to PATH first (tests check it is gone afterwards)
//   --exit-at-start        print a complaint to standard error and exit 2 before reading anything
//   --hang-at-initialize   read requests but never answer; keep running after standard input closes
//   --crash-on-call N      exit 3 (with a note on standard error) on the Nth tools/call, unanswered
//   --ignore-term          ignore SIGTERM, so only SIGKILL stops it
//   --notes-file PATH      append each message's method and id to PATH, one line each (`tools/call 3`,
//                          `notifications/cancelled 3`), so a test can wait for a call or its cancellation
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
var hangAtInitialize = false
var crashOnCall: Int?
var callCount = 0
var notesFile: String?

@MainActor func flagValue(_ index: Int) -> String {
    guard index + 1 < arguments.count else {
        FileHandle.standardError.write(Data("mcp-test-server: \(arguments[index]) needs a value\n".utf8))
        exit(64)
    }
    return arguments[index + 1]
}

var index = 0
while index < arguments.count {
    switch arguments[index] {
    case "--pid-file":
        try? "\(getpid())".write(toFile: flagValue(index), atomically: true, encoding: .utf8)
        index += 1
    case "--exit-at-start":
        FileHandle.standardError.write(Data("mcp-test-server: refusing to start, as asked\n".utf8))
        exit(2)
    case "--hang-at-initialize":
        hangAtInitialize = true
    case "--crash-on-call":
        crashOnCall = Int(flagValue(index))
        index += 1
    case "--notes-file":
        notesFile = flagValue(index)
        index += 1
    case "--ignore-term":
        signal(SIGTERM, SIG_IGN)
    default:
        FileHandle.standardError.write(Data("mcp-test-server: unknown flag \(arguments[index])\n".utf8))
        exit(64)
    }
    index += 1
}

/// Answers may come from the `slow` tool's own thread: one line at a time.
let outputLock = NSLock()

func send(_ message: [String: Any]) {
    outputLock.lock()
    defer { outputLock.unlock() }
    guard var data = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]) else { return }
    data.append(UInt8(ascii: "\n"))
    data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(1, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { exit(0) }
            offset += written
        }
    }
}

func reply(_ id: Any, _ result: [String: Any]) {
    send(["jsonrpc": "2.0", "id": id, "result": result])
}

func replyError(_ id: Any, code: Int, _ message: String) {
    send(["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message]])
}

func text(_ content: String, isError: Bool = false) -> [String: Any] {
    ["content": [["type": "text", "text": content]], "isError": isError]
}

let tools: [[String: Any]] = [
    [
        "name": "echo", "description": "Returns the text it is given.",
        "inputSchema": ["type": "object", "properties": ["text": ["type": "string"]], "required": ["text"]],
    ],
    [
        "name": "add", "description": "Adds two numbers.",
        "inputSchema": [
            "type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]], "required": ["a", "b"],
        ],
    ],
    [
        "name": "slow", "description": "Waits the given number of seconds, then says done.",
        "inputSchema": ["type": "object", "properties": ["seconds": ["type": "number"]], "required": ["seconds"]],
    ],
    [
        "name": "fail", "description": "Always reports an error.",
        "inputSchema": ["type": "object", "properties": ["message": ["type": "string"]]],
    ],
    [
        "name": "picture", "description": "Returns a tiny image and a caption.",
        "inputSchema": ["type": "object", "properties": [:]],
    ],
]

@MainActor func callTool(_ id: Any, _ params: [String: Any]) {
    callCount += 1
    if let crashOnCall, callCount >= crashOnCall {
        FileHandle.standardError.write(Data("mcp-test-server: crashing on call \(callCount), as asked\n".utf8))
        exit(3)
    }
    let name = params["name"] as? String ?? ""
    let args = params["arguments"] as? [String: Any] ?? [:]
    switch name {
    case "echo":
        reply(id, text(args["text"] as? String ?? ""))
    case "add":
        let a = (args["a"] as? NSNumber)?.doubleValue ?? 0
        let b = (args["b"] as? NSNumber)?.doubleValue ?? 0
        let sum = a + b
        reply(id, text(sum.rounded() == sum ? String(Int(sum)) : String(sum)))
    case "slow":
        // On a thread of its own, so the server goes on answering other calls meanwhile.
        let seconds = (args["seconds"] as? NSNumber)?.doubleValue ?? 1
        nonisolated(unsafe) let answer: [String: Any] = ["jsonrpc": "2.0", "id": id, "result": text("done after \(seconds) s")]
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            send(answer)
        }
    case "fail":
        reply(id, text(args["message"] as? String ?? "it failed, as it always does", isError: true))
    case "picture":
        reply(id, ["content": [
            ["type": "image", "data": "iVBORw0KGgo=", "mimeType": "image/png"],
            ["type": "text", "text": "a tiny picture"],
        ]])
    default:
        replyError(id, code: -32602, "unknown tool: \(name)")
    }
}

func note(_ text: String, in file: String) {
    let line = Data((text + "\n").utf8)
    guard let handle = FileHandle(forWritingAtPath: file) else {
        _ = FileManager.default.createFile(atPath: file, contents: line)
        return
    }
    handle.seekToEndOfFile()
    handle.write(line)
    handle.closeFile()
}

while let line = readLine(strippingNewline: true) {
    if hangAtInitialize { continue }
    guard let data = line.data(using: .utf8),
        let message = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
        let method = message["method"] as? String
    else { continue }
    if let notesFile {
        let requestID = message["id"] ?? (message["params"] as? [String: Any])?["requestId"]
        note("\(method)\(requestID.map { " \($0)" } ?? "")", in: notesFile)
    }
    // Notifications (no id) need no answer.
    guard let id = message["id"] else { continue }
    let params = message["params"] as? [String: Any] ?? [:]
    switch method {
    case "initialize":
        reply(id, [
            "protocolVersion": params["protocolVersion"] as? String ?? "2025-06-18",
            "capabilities": ["tools": ["listChanged": false]],
            "serverInfo": ["name": "mcp-test-server", "version": "1.0"],
        ])
    case "ping":
        reply(id, [:])
    case "tools/list":
        reply(id, ["tools": tools])
    case "tools/call":
        callTool(id, params)
    default:
        replyError(id, code: -32601, "method not found: \(method)")
    }
}

// Standard input closed: the client is done. A hanging server keeps hanging until it is signalled.
if hangAtInitialize {
    while true { sleep(60) }
}
