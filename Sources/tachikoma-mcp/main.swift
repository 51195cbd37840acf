// tachikoma-mcp: the MCP client of `tachikoma`, run as a helper process so that `tachikoma` itself does
// not link the MCP SDK. `tachikoma` starts it when `mcp_servers` is configured and speaks to it in JSON
// lines over its standard input and output (ToolKit's MCPHelperRequest). Wiring only.
import Foundation
import MCPHost

#if canImport(Glibc)
import Glibc
#endif

// A server that has gone leaves a closed pipe behind; writing to it must fail, not end this process.
signal(SIGPIPE, SIG_IGN)
await MCPHelperService.run()
exit(0)
