// Reading EC2 query-protocol responses (pugixml): lists are <fooSet><item>...</item></fooSet>,
// fields are child elements named as in botocore's ec2 model ("locationName").
// Thread-safety: pure functions over nodes the caller owns.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <string>

namespace awsgov::ipam {

// The text of child `name`, "" when absent.
std::string Text(const pugi::xml_node& node, const char* name);

// The number in child `name`; nullopt when absent or not a number (e.g. a missing IpUsage).
std::optional<double> Number(const pugi::xml_node& node, const char* name);

// Calls fn for each <item> of child list `set_name`.
void ForEachItem(const pugi::xml_node& node, const char* set_name,
                 const std::function<void(const pugi::xml_node& item)>& fn);

// <tagSet><item><key/><value/></item></tagSet> as a map.
std::map<std::string, std::string> Tags(const pugi::xml_node& node,
                                        const char* set_name = "tagSet");

}  // namespace awsgov::ipam
