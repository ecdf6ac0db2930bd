#include <cctype>
#include <utility>

#include "exporter/aws/aws_client.h"

namespace awsgov::aws {
namespace {

// "Auto Scaling" -> "AUTO_SCALING" (upper) or "auto_scaling" (lower), as the SDKs derive the
// environment variable and shared-config names from the model's serviceId.
std::string SdkIdWithUnderscores(std::string_view sdk_id, bool upper) {
  std::string out;
  for (char c : sdk_id) {
    if (c == ' ' || c == '-') {
      out.push_back('_');
    } else {
      auto u = static_cast<unsigned char>(c);
      out.push_back(static_cast<char>(upper ? std::toupper(u) : std::tolower(u)));
    }
  }
  return out;
}

std::string TrimTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

bool IsTrue(const std::optional<std::string>& value) {
  if (!value) return false;
  std::string lower;
  for (char c : *value)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "true";
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string DnsSuffix(const std::string& region) {
  return StartsWith(region, "cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

// The home region of a global service in the region's partition.
std::string GlobalRegion(const std::string& region) {
  if (StartsWith(region, "cn-")) return "cn-northwest-1";
  if (StartsWith(region, "us-gov-")) return "us-gov-west-1";
  return "us-east-1";
}

}  // namespace

EndpointResolver::EndpointResolver(Getenv getenv, std::string config_endpoint_url,
                                   std::map<std::string, std::string> config_service_endpoint_urls)
    : getenv_(std::move(getenv)),
      config_endpoint_url_(std::move(config_endpoint_url)),
      config_service_endpoint_urls_(std::move(config_service_endpoint_urls)) {}

std::string EndpointResolver::Resolve(const ServiceInfo& service, const std::string& region) const {
  const bool overrides_enabled =
      !getenv_ || !IsTrue(getenv_("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
  if (overrides_enabled) {
    if (getenv_) {
      auto specific = getenv_("AWS_ENDPOINT_URL_" + SdkIdWithUnderscores(service.sdk_id, true));
      if (specific && !specific->empty()) return TrimTrailingSlash(*specific);
      auto global = getenv_("AWS_ENDPOINT_URL");
      if (global && !global->empty()) return TrimTrailingSlash(*global);
    }
    for (const std::string& key :
         {std::string(service.id), SdkIdWithUnderscores(service.sdk_id, false)}) {
      auto it = config_service_endpoint_urls_.find(key);
      if (it != config_service_endpoint_urls_.end() && !it->second.empty()) {
        return TrimTrailingSlash(it->second);
      }
    }
    if (!config_endpoint_url_.empty()) return TrimTrailingSlash(config_endpoint_url_);
  }
  return "https://" + std::string(service.endpoint_prefix) + "." + SigningRegion(service, region) +
         "." + DnsSuffix(region);
}

std::string EndpointResolver::SigningRegion(const ServiceInfo& service,
                                            const std::string& region) const {
  return service.global ? GlobalRegion(region) : region;
}

}  // namespace awsgov::aws
