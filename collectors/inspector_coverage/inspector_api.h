// Inspector2 (REST-JSON) calls of the `inspector_coverage` collector: ListCoverage (every page)
// and BatchGetAccountStatus, with their response parsing split out so it can be tested alone.
// Shapes as in botocore's inspector2 model (2020-06-08).
// Thread-safety: pure functions of their arguments; the Client is thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "collectors/inspector_coverage/coverage_model.h"
#include "exporter/aws/client.h"
#include "exporter/core/collector.h"
#include "exporter/core/status.h"

namespace awsgov::inspector {

// ListCoverage's largest page (the model's ListCoverageMaxResults range is 1..200).
inline constexpr int kListCoverageMaxResults = 200;

// The request body: EC2 instances of `account_id` only (the delegated administrator sees the
// whole organisation), the largest page, and `next_token` when not empty.
nlohmann::json ListCoverageRequest(const std::string& account_id, const std::string& next_token);

// Adds the page's EC2 entries of `account_id` to `out`. When an instance has several entries
// (one per scan type), an ACTIVE one wins, then a PACKAGE one: the instance is covered when any
// scan covers it, and the package scan is the vulnerability scan the old routine ran for.
// Returns the page's nextToken ("" when absent). Malformed items are skipped, never thrown on.
std::string AddCoveragePage(const nlohmann::json& page, const std::string& account_id,
                            CoverageByInstance* out);

// ListCoverage, every page; stops with an error when a token repeats or on cancellation.
Status ListEc2Coverage(aws::Client& inspector, const std::string& account_id,
                       const CollectContext& ctx, CoverageByInstance* out);

// The EC2 resource status of `account_id` in a BatchGetAccountStatus response:
// accounts[].resourceState.ec2.status, else failedAccounts[].resourceStatus.ec2 (or its
// status), else "UNKNOWN".
std::string Ec2StatusFromResponse(const nlohmann::json& response, const std::string& account_id);

Status GetEc2ScanningStatus(aws::Client& inspector, const std::string& account_id,
                            std::string* status);

}  // namespace awsgov::inspector
