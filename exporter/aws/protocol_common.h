// What the three wire protocols share: the parsed AWS error and how it becomes a Status.
// Thread-safety: free functions and value types.
#pragma once

#include <string>
#include <string_view>

#include "exporter/aws/client.h"
#include "exporter/aws/http.h"
#include "exporter/core/status.h"

namespace awsgov::aws {

// An AWS error response. `code` is empty when the body named none (then the HTTP status is the
// only clue).
struct AwsError {
  long http_status = 0;
  std::string code;
  std::string message;
  std::string request_id;
};

// x-amzn-requestid, x-amz-request-id, else "".
std::string RequestIdFromHeaders(const HttpResponse& response);
// The request id an XML body names (<RequestId>, <RequestID>, <requestId>), found by a plain scan
// so that it works on truncated bodies; "" when absent.
std::string RequestIdFromXmlText(std::string_view body);

// "a=1&b=x%20y": keys and values percent-encoded as botocore's percent_encode_sequence does.
std::string FormEncode(const QueryParams& params);

// The Status code an AWS error maps to: access errors -> kPermissionDenied, throttling ->
// kThrottled, *NotFound -> kNotFound, 5xx and transient -> kUnavailable, other 4xx ->
// kInvalidArgument.
StatusCode StatusCodeForAwsError(const AwsError& error);

// A short, printable excerpt of a body for error messages (bodies are AWS's, never secrets).
std::string BodyExcerpt(std::string_view body, std::size_t max_bytes = 200);

}  // namespace awsgov::aws
