// The JSON protocols: AWS JSON 1.0/1.1 (POST / with X-Amz-Target) and REST-JSON (the operation's
// HTTP method and path, JSON body). Both answer JSON and report errors the same way.
// Thread-safety: free functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "exporter/aws/aws_client.h"
#include "exporter/aws/client.h"
#include "exporter/aws/http.h"
#include "exporter/aws/protocol_common.h"

namespace awsgov::aws {

// POST <endpoint>/ with X-Amz-Target: <target prefix>.<operation>.
HttpRequest BuildJsonRequest(const ServiceInfo& service, const std::string& endpoint,
                             std::string_view operation, const nlohmann::json& body);

// <method> <endpoint><path>?<query>; `body` null means no body.
HttpRequest BuildRestJsonRequest(const std::string& endpoint, std::string_view method,
                                 std::string_view path, const QueryParams& query,
                                 const nlohmann::json* body);

// A 2xx body into `out` (an empty body is an empty object).
Status ParseJsonResponse(const HttpResponse& response, nlohmann::json* out);

// The code from the x-amzn-errortype header or the body's __type / code ("prefix#Code:extra"
// -> "Code"), the message from message / Message.
AwsError ParseJsonError(const HttpResponse& response);

}  // namespace awsgov::aws
