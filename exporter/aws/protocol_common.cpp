#include "exporter/aws/protocol_common.h"

#include <array>

#include "exporter/aws/retry.h"
#include "exporter/aws/url.h"

namespace awsgov::aws {
namespace {

constexpr std::array<std::string_view, 11> kAccessDeniedCodes = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthFailure",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "OptInRequired",
    "AWSOrganizationsNotInUseException",
    "UnauthorizedException"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string RequestIdFromHeaders(const HttpResponse& response) {
  for (const char* name : {"x-amzn-requestid", "x-amz-request-id"}) {
    std::string id = response.Header(name);
    if (!id.empty()) return id;
  }
  return "";
}

std::string RequestIdFromXmlText(std::string_view body) {
  for (std::string_view tag : {"<RequestId>", "<RequestID>", "<requestId>"}) {
    auto start = body.find(tag);
    if (start == std::string_view::npos) continue;
    start += tag.size();
    auto end = body.find('<', start);
    if (end == std::string_view::npos || end - start > 128) continue;
    return std::string(body.substr(start, end - start));
  }
  return "";
}

std::string FormEncode(const QueryParams& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out.append(PercentEncode(key)).push_back('=');
    out.append(PercentEncode(value));
  }
  return out;
}

StatusCode StatusCodeForAwsError(const AwsError& error) {
  for (std::string_view code : kAccessDeniedCodes) {
    if (error.code == code) return StatusCode::kPermissionDenied;
  }
  if (IsThrottlingCode(error.code)) return StatusCode::kThrottled;
  if (EndsWith(error.code, "NotFound") || EndsWith(error.code, "NotFoundException")) {
    return StatusCode::kNotFound;
  }
  if (error.http_status == 401 || error.http_status == 403) return StatusCode::kPermissionDenied;
  if (error.http_status == 404) return StatusCode::kNotFound;
  if (error.http_status == 429) return StatusCode::kThrottled;
  if (error.http_status >= 500 || IsTransientCode(error.code)) return StatusCode::kUnavailable;
  return StatusCode::kInvalidArgument;
}

std::string BodyExcerpt(std::string_view body, std::size_t max_bytes) {
  std::string out;
  for (char c : body.substr(0, max_bytes)) {
    auto u = static_cast<unsigned char>(c);
    out.push_back(u >= 0x20 && u < 0x7f ? c : ' ');
  }
  if (body.size() > max_bytes) out += "...";
  return out;
}

}  // namespace awsgov::aws
