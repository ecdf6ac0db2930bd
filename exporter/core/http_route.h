// HTTP endpoints a collector contributes to the exporter's own server (e.g. the sg_changes review
// page and API). The server knows nothing of collectors: for a path it does not serve itself it
// asks the current config generation's collectors, in name order, whether one of their routes
// owns the path, and passes the request on. The routes follow config reloads because they are
// looked up in the generation that is current when the request arrives.
// Requests reach a route after the server's own checks (request size and, with basic_auth_users
// in the web config, the user's credentials: `web_user` names who it is). A route that verifies
// requests itself (a signed webhook such as Slack's, whose sender cannot log in) says so with
// `verifies_itself`, and the server then passes its requests on without web credentials (with
// an empty `web_user`). Who may do what, and cross-site protection, are the route's job.
// Thread-safety: value types; a handler is called concurrently from the server's worker threads
// and must be thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace awsgov {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // decoded path, no query string
  std::string query;                           // raw query string, without '?'
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // at most the server's body limit
  // The user the server authenticated with the web config's basic_auth_users; "" when the web
  // config has none, or for a route that verifies_itself.
  std::string web_user;

  // "" when absent.
  std::string Header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type/-Length
  std::string body;
};

struct HttpRoute {
  // Owns this exact path and every path below it ("/sg_changes" owns "/sg_changes/review").
  std::string path_prefix;
  std::function<HttpReply(const HttpRequest&)> handle;
  // The route authenticates every request itself (e.g. by a signature): the web config's basic
  // auth is not asked for. Never set it for a route that trusts `web_user`.
  bool verifies_itself = false;

  bool Owns(const std::string& path) const {
    return path == path_prefix || (path.size() > path_prefix.size() &&
                                   path.compare(0, path_prefix.size(), path_prefix) == 0 &&
                                   path[path_prefix.size()] == '/');
  }
};

}  // namespace awsgov
