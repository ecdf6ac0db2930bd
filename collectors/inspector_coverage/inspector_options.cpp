#include "collectors/inspector_coverage/inspector_options.h"

#include "exporter/config/checks.h"
#include "exporter/config/config.h"
#include "exporter/config/errors.h"
#include "exporter/config/yaml_reader.h"

namespace awsgov::inspector {
namespace {

// i-0123abcd (8 hex digits, older instances) or i-0123456789abcdef0 (17).
std::string CheckInstanceId(std::string_view value) {
  const std::string_view digits = value.substr(std::min<std::size_t>(2, value.size()));
  bool hex = !digits.empty();
  for (char c : digits) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (value.starts_with("i-") && hex && (digits.size() == 8 || digits.size() == 17)) return "";
  return "invalid instance id \"" + std::string(value) + "\" (want e.g. i-0123456789abcdef0)";
}

void ParseTable(config::MapReader& parent, ExceptionsTable* table) {
  if (!parent.Has("exceptions_table")) return;
  config::MapReader reader = parent.Map("exceptions_table");
  reader.Required("name");
  reader.Required("account_id");
  reader.Required("region");
  reader.String("name", &table->name, config::NonEmptyCheck());
  reader.String("account_id", &table->account_id, config::AccountIdCheck());
  reader.String("region", &table->region, config::RegionCheck());
  if (reader.StringList("exception_types", &table->exception_types, config::NonEmptyCheck()) &&
      table->exception_types.empty()) {
    reader.Error("exception_types",
                 "must name at least one ExceptionType (the old table used DoNotStart, "
                 "DoNotStop)");
  }
  reader.Finish();
}

}  // namespace

std::optional<InspectorOptions> ParseInspectorOptions(const config::CollectorConfig& collector,
                                                      config::ErrorList* errors) {
  const std::size_t errors_before = errors->errors().size();
  InspectorOptions options;
  config::MapReader reader(collector.options, collector.path, errors);
  reader.String("delegated_admin_account_id", &options.delegated_admin_account_id,
                config::AccountIdCheck());
  reader.Bool("check_account_status", &options.check_account_status);
  reader.Bool("include_finding_counts", &options.include_finding_counts);
  ParseTable(reader, &options.exceptions_table);
  reader.StringList("excepted_instance_ids", &options.excepted_instance_ids,
                    config::UniqueCheck("instance id", CheckInstanceId));
  reader.String("exception_tag_key", &options.exception_tag_key, config::NonEmptyCheck());
  reader.String("exception_tag_value", &options.exception_tag_value);
  if (!options.exception_tag_value.empty() && options.exception_tag_key.empty()) {
    reader.Error("exception_tag_value", "needs exception_tag_key");
  }
  reader.Finish();
  if (errors->errors().size() != errors_before) return std::nullopt;
  return options;
}

}  // namespace awsgov::inspector
