// Reading query-protocol XML responses (pugixml). EC2 lists are <fooSet><item>; Auto Scaling's
// (the plain query protocol) are <Foo><member>. Element names as in botocore's models.
// Thread-safety: pure functions over nodes the caller owns.
#pragma once

#include <functional>
#include <pugixml.hpp>
#include <string>

namespace awsgov::ami {

// The text of child `name`, "" when absent.
std::string Text(const pugi::xml_node& node, const char* name);

// Calls fn for each child element `element` ("item", "member") of child list `list`.
void ForEach(const pugi::xml_node& node, const char* list, const char* element,
             const std::function<void(const pugi::xml_node& item)>& fn);

}  // namespace awsgov::ami
