#include "exporter/aws/credentials_process.h"

#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "exporter/aws/credentials_json.h"
#include "exporter/aws/credentials_refreshing.h"

namespace awsgov::aws {

Status RunCredentialProcess(const std::string& command, Credentials* out) {
  // popen runs the command with /bin/sh -c, as the CLI does on POSIX.
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return Internal("credential_process: cannot start /bin/sh");
  std::string output;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
    output.append(buf, n);
    if (output.size() > (1u << 20)) break;  // a runaway command, not a credentials document
  }
  int wait_status = ::pclose(pipe);
  if (wait_status == -1 || !WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
    int code = (wait_status != -1 && WIFEXITED(wait_status)) ? WEXITSTATUS(wait_status) : -1;
    return Unavailable("credential_process exited with status " + std::to_string(code));
  }
  nlohmann::json doc = nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return ParseError("credential_process printed no JSON object");
  }
  auto version = doc.find("Version");
  if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1) {
    return ParseError("credential_process output has no \"Version\": 1");
  }
  return CredentialsFromJson(doc, "SessionToken", out).WithContext("credential_process");
}

std::shared_ptr<CredentialsProvider> MakeCredentialProcessProvider(std::string command,
                                                                   std::string source,
                                                                   const Clock* clock) {
  return std::make_shared<RefreshingCredentialsProvider>(
      std::move(source),
      [command = std::move(command)](Credentials* out) {
        return RunCredentialProcess(command, out);
      },
      clock);
}

}  // namespace awsgov::aws
