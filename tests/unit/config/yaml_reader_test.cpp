#include "exporter/config/yaml_reader.h"

#include <gtest/gtest.h>

#include "exporter/config/checks.h"

namespace awsgov::config {
namespace {

using std::chrono::seconds;

// The errors as "line:column: path: message" (file left out: the list has none).
std::vector<std::string> Messages(const ErrorList& errors) {
  std::vector<std::string> out;
  for (const ConfigError& e : errors.errors()) out.push_back(e.ToString());
  return out;
}

TEST(MapReaderTest, FinishReportsUnknownKeysWithPositions) {
  const YAML::Node node = YAML::Load("known: 1\nbogus: 2\nnested:\n  x: 1\n  typo: 2\n");
  ErrorList errors("opts.yml");
  MapReader r(node, "collectors.ipam.options", &errors);
  int known = 0;
  r.Int("known", &known, 0, 10);
  r.Bool("never_present", nullptr);  // asked for, so it is listed as wanted
  MapReader nested = r.Map("nested");
  nested.Int("x", &known, 0, 10);
  nested.Finish();
  r.Finish();
  EXPECT_EQ(Messages(errors),
            (std::vector<std::string>{
                "opts.yml:5:3: collectors.ipam.options.nested.typo: unknown key (want one of: x)",
                "opts.yml:2:1: collectors.ipam.options.bogus: unknown key (want one of: known, "
                "nested, never_present)"}));
  r.Finish();  // reported once
  EXPECT_EQ(errors.errors().size(), 2u);
}

TEST(MapReaderTest, NullOrAbsentNodeIsAnEmptyMap) {
  ErrorList errors;
  MapReader absent(YAML::Node(), "a", &errors);
  MapReader null_node(YAML::Load("~"), "b", &errors);
  std::string out = "unchanged";
  EXPECT_FALSE(absent.String("x", &out));
  EXPECT_FALSE(null_node.String("x", &out));
  absent.Finish();
  null_node.Finish();
  EXPECT_EQ(out, "unchanged");
  EXPECT_TRUE(errors.empty());
}

TEST(MapReaderTest, NonMapNodeIsAnError) {
  ErrorList errors;
  MapReader r(YAML::Load("\n  - a\n  - b\n"), "opts", &errors);
  r.Required("name");  // silent: "missing name" would only repeat that this is no mapping
  r.Finish();
  EXPECT_EQ(Messages(errors),
            std::vector<std::string>{"2:3: opts: expected a mapping, got a list"});
}

TEST(MapReaderTest, StringsAreTakenAsWritten) {
  ErrorList errors;
  MapReader r(YAML::Load("id: 012345678901\nratio: 0.50\nquoted: 'x'\nlist: [a]\nempty:\n"), "",
              &errors);
  std::string id, ratio, quoted, list = "unchanged", empty = "unchanged";
  EXPECT_TRUE(r.String("id", &id));
  EXPECT_TRUE(r.String("ratio", &ratio));
  EXPECT_TRUE(r.String("quoted", &quoted));
  EXPECT_FALSE(r.String("list", &list));
  EXPECT_FALSE(r.String("empty", &empty));
  r.Finish();
  EXPECT_EQ(id, "012345678901");
  EXPECT_EQ(ratio, "0.50");
  EXPECT_EQ(quoted, "x");
  EXPECT_EQ(list, "unchanged");
  EXPECT_EQ(empty, "unchanged");
  EXPECT_EQ(Messages(errors),
            (std::vector<std::string>{"4:1: list: expected a string, got a list",
                                      "5:1: empty: missing value (want a string)"}));
}

TEST(MapReaderTest, StringCheckProblemsAreReportedAtTheKey) {
  ErrorList errors;
  MapReader r(YAML::Load("a:\n  region: eu-west\n"), "", &errors);
  MapReader a = r.Map("a");
  std::string region;
  EXPECT_FALSE(a.String("region", &region, RegionCheck()));
  EXPECT_EQ(
      Messages(errors),
      std::vector<std::string>{"2:3: a.region: invalid region \"eu-west\" (want e.g. eu-west-1)"});
}

TEST(MapReaderTest, EnumWantsOneOfTheAllowedValues) {
  ErrorList errors;
  MapReader r(YAML::Load("good: public\nbad: both\n"), "opts", &errors);
  std::string good, bad = "unchanged";
  EXPECT_TRUE(r.Enum("good", &good, {"private", "public"}));
  EXPECT_FALSE(r.Enum("bad", &bad, {"private", "public"}));
  EXPECT_EQ(good, "public");
  EXPECT_EQ(bad, "unchanged");
  EXPECT_EQ(Messages(errors),
            std::vector<std::string>{
                "2:1: opts.bad: invalid value \"both\" (want one of: private, public)"});
}

TEST(MapReaderTest, BoolsAreUnquotedTrueOrFalse) {
  ErrorList errors;
  MapReader r(YAML::Load("a: true\nb: False\nc: yes please\nd: \"true\"\ne: yes\n"), "", &errors);
  bool a = false, b = true, c = false, d = false, e = false;
  EXPECT_TRUE(r.Bool("a", &a));
  EXPECT_TRUE(r.Bool("b", &b));
  EXPECT_FALSE(r.Bool("c", &c));
  EXPECT_FALSE(r.Bool("d", &d));
  EXPECT_FALSE(r.Bool("e", &e));
  EXPECT_TRUE(a);
  EXPECT_FALSE(b);
  EXPECT_EQ(Messages(errors), (std::vector<std::string>{
                                  "3:1: c: expected true or false, got \"yes please\"",
                                  "4:1: d: expected true or false, got \"true\" (a quoted string)",
                                  "5:1: e: expected true or false, got \"yes\""}));
}

TEST(MapReaderTest, IntsAreRangeChecked) {
  ErrorList errors;
  MapReader r(YAML::Load("a: 42\nb: +7\nc: 300\nd: 4.5\ne: -1\nf: 99999999999\n"), "s", &errors);
  int a = 0, b = 0, c = 0, d = 0, e = 0;
  std::int64_t f = 0;
  EXPECT_TRUE(r.Int("a", &a, 1, 256));
  EXPECT_TRUE(r.Int("b", &b, 1, 256));
  EXPECT_FALSE(r.Int("c", &c, 1, 256));
  EXPECT_FALSE(r.Int("d", &d, 1, 256));
  EXPECT_TRUE(r.Int("e", &e, -5, 5));
  EXPECT_TRUE(r.Int64("f", &f, 0, 100000000000));
  EXPECT_EQ(a, 42);
  EXPECT_EQ(b, 7);
  EXPECT_EQ(c, 0);
  EXPECT_EQ(e, -1);
  EXPECT_EQ(f, 99999999999);
  EXPECT_EQ(Messages(errors),
            (std::vector<std::string>{"3:1: s.c: must be between 1 and 256, got 300",
                                      "4:1: s.d: expected an integer, got \"4.5\""}));
}

TEST(MapReaderTest, DoublesAreFiniteAndRangeChecked) {
  ErrorList errors;
  MapReader r(YAML::Load("a: 0.8\nb: 1e-2\nc: 1.5\nd: .inf\ne: nan\n"), "", &errors);
  double a = 0, b = 0, c = 0, d = 0, e = 0;
  EXPECT_TRUE(r.Double("a", &a, 0, 1));
  EXPECT_TRUE(r.Double("b", &b, 0, 1));
  EXPECT_FALSE(r.Double("c", &c, 0, 1));
  EXPECT_FALSE(r.Double("d", &d, 0, 1e9));
  EXPECT_FALSE(r.Double("e", &e, 0, 1e9));
  EXPECT_DOUBLE_EQ(a, 0.8);
  EXPECT_DOUBLE_EQ(b, 0.01);
  EXPECT_EQ(Messages(errors), (std::vector<std::string>{"3:1: c: must be between 0 and 1, got 1.5",
                                                        "4:1: d: expected a number, got \".inf\"",
                                                        "5:1: e: expected a number, got \"nan\""}));
}

TEST(MapReaderTest, DurationsAreWholeSecondsWithinBounds) {
  ErrorList errors;
  MapReader r(YAML::Load("a: 1h30m\nb: 5 minutes\nc: 0s\nd: 250ms\ne: 5s\nf: 2h\n"), "t", &errors);
  seconds a{0}, b{0}, c{0}, d{0}, e{0}, f{0};
  EXPECT_TRUE(r.Duration("a", &a));
  EXPECT_FALSE(r.Duration("b", &b));
  EXPECT_FALSE(r.Duration("c", &c));
  EXPECT_FALSE(r.Duration("d", &d));
  EXPECT_FALSE(r.Duration("e", &e, seconds(10)));
  EXPECT_FALSE(r.Duration("f", &f, seconds(1), std::chrono::hours(1)));
  EXPECT_EQ(a, seconds(5400));
  EXPECT_EQ(
      Messages(errors),
      (std::vector<std::string>{"2:1: t.b: invalid duration \"5 minutes\" (want e.g. 30s, 5m, 1h)",
                                "3:1: t.c: must be at least 1s, got \"0s\"",
                                "4:1: t.d: must be a whole number of seconds, got \"250ms\"",
                                "5:1: t.e: must be at least 10s, got \"5s\"",
                                "6:1: t.f: must be between 1s and 1h, got 2h"}));
}

TEST(MapReaderTest, StringListReportsEachBadItemAtItsPosition) {
  ErrorList errors;
  MapReader r(YAML::Load("types:\n  - vpc\n  - subnt\n  - [x]\nnone:\nscalar: vpc\n"), "o",
              &errors);
  std::vector<std::string> types = {"unchanged"}, none = {"unchanged"}, scalar;
  EXPECT_FALSE(r.StringList("types", &types, {"vpc", "subnet"}));
  EXPECT_TRUE(r.StringList("none", &none));
  EXPECT_FALSE(r.StringList("scalar", &scalar));
  EXPECT_EQ(types, std::vector<std::string>{"unchanged"});
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(Messages(errors),
            (std::vector<std::string>{
                "3:5: o.types[1]: invalid value \"subnt\" (want one of: vpc, subnet)",
                "4:5: o.types[2]: expected a string, got a list",
                "6:1: o.scalar: expected a list of strings, got \"vpc\""}));

  ErrorList ok_errors;
  MapReader ok(YAML::Load("types: [vpc, subnet]\n"), "o", &ok_errors);
  EXPECT_TRUE(ok.StringList("types", &types, {"vpc", "subnet"}));
  EXPECT_EQ(types, (std::vector<std::string>{"vpc", "subnet"}));
  EXPECT_TRUE(ok_errors.empty());
}

TEST(MapReaderTest, StringMapChecksKeysAndValues) {
  ErrorList errors;
  MapReader r(YAML::Load("urls:\n  ec2: http://a:1\n  EC2: http://b:2\n  sts: nope\n"), "aws",
              &errors);
  std::map<std::string, std::string> urls;
  EXPECT_FALSE(r.StringMap("urls", &urls, ServiceIdCheck(), UrlCheck()));
  EXPECT_TRUE(urls.empty());
  ASSERT_EQ(errors.errors().size(), 2u);
  EXPECT_EQ(errors.errors()[0].path, "aws.urls.EC2");
  EXPECT_EQ(errors.errors()[0].line, 3);
  EXPECT_EQ(errors.errors()[1].path, "aws.urls.sts");
  EXPECT_EQ(errors.errors()[1].line, 4);

  ErrorList ok_errors;
  MapReader ok(YAML::Load("tags: {team: net, env: prod}\n"), "", &ok_errors);
  EXPECT_TRUE(ok.StringMap("tags", &urls));
  EXPECT_EQ(urls, (std::map<std::string, std::string>{{"env", "prod"}, {"team", "net"}}));
  EXPECT_TRUE(ok_errors.empty());
}

TEST(MapReaderTest, ListPassesItemPaths) {
  ErrorList errors;
  MapReader r(YAML::Load("tables:\n  - name: a\n  - name: b\n    bogus: 1\n"), "opts", &errors);
  std::vector<std::string> names;
  EXPECT_TRUE(r.List("tables", [&](const YAML::Node& item, const std::string& path) {
    MapReader table(item, path, r.errors());
    std::string name;
    table.String("name", &name);
    names.push_back(path + "=" + name);
    table.Finish();
  }));
  EXPECT_FALSE(r.List("absent", [](const YAML::Node&, const std::string&) { FAIL(); }));
  r.Finish();
  EXPECT_EQ(names, (std::vector<std::string>{"opts.tables[0]=a", "opts.tables[1]=b"}));
  EXPECT_EQ(Messages(errors),
            std::vector<std::string>{"4:5: opts.tables[1].bogus: unknown key (want one of: name)"});
}

TEST(MapReaderTest, ForEachVisitsEveryKeyInOrderAndMarksThemKnown) {
  ErrorList errors;
  MapReader r(YAML::Load("b: 1\na: 2\nc: 3\n"), "m", &errors);
  std::vector<std::string> keys;
  r.ForEach([&](const std::string& key, const YAML::Node& value) {
    keys.push_back(key + "=" + value.Scalar());
    if (key == "c") r.Error(key, "not wanted");
  });
  r.Finish();
  EXPECT_EQ(keys, (std::vector<std::string>{"b=1", "a=2", "c=3"}));
  EXPECT_EQ(Messages(errors), std::vector<std::string>{"3:1: m.c: not wanted"});
}

TEST(MapReaderTest, RequiredAndErrorOnAbsentKeysPointAtTheMap) {
  ErrorList errors;
  const YAML::Node node = YAML::Load("outer:\n  inner:\n    x: 1\n");
  MapReader outer(node, "", &errors);
  MapReader inner = outer.Map("outer").Map("inner");
  int x = 0;
  inner.Int("x", &x, 0, 5);
  inner.Required("name");
  inner.Error("other", "needs name");
  EXPECT_TRUE(inner.Has("x"));
  EXPECT_FALSE(inner.Has("name"));
  EXPECT_EQ(inner.PathOf("name"), "outer.inner.name");
  EXPECT_EQ(Messages(errors),
            (std::vector<std::string>{"2:3: outer.inner.name: missing required key",
                                      "2:3: outer.inner.other: needs name"}));
}

TEST(MapReaderTest, NodeReturnsTheRawValueAndMarksItKnown) {
  ErrorList errors;
  MapReader r(YAML::Load("options:\n  anything: [1, 2]\n"), "c", &errors);
  const YAML::Node options = r.Node("options");
  EXPECT_TRUE(r.Node("absent").IsNull());
  r.Finish();
  EXPECT_TRUE(errors.empty());
  ASSERT_TRUE(options.IsMap());
  EXPECT_EQ(options["anything"][1].Scalar(), "2");
}

TEST(MapReaderTest, DuplicateKeysAreErrors) {
  ErrorList errors;
  MapReader r(YAML::Load("a: 1\nb: 2\na: 3\n"), "", &errors);
  int a = 0, b = 0;
  r.Int("a", &a, 0, 9);
  r.Int("b", &b, 0, 9);
  r.Finish();
  EXPECT_EQ(a, 1);
  EXPECT_EQ(Messages(errors), std::vector<std::string>{"3:1: a: duplicate key (first at line 1)"});
}

TEST(AddErrorAtTest, UsesOneBasedMarks) {
  ErrorList errors("f.yml");
  const YAML::Node node = YAML::Load("a:\n  b:   value\n");
  AddErrorAt(&errors, node["a"]["b"], "a.b", "bad");
  AddErrorAt(&errors, YAML::Node(), "x", "no position");
  EXPECT_EQ(Messages(errors),
            (std::vector<std::string>{"f.yml:2:8: a.b: bad", "f.yml: x: no position"}));
}

TEST(DescribeNodeTest, NamesKindsAndQuotesScalars) {
  EXPECT_EQ(DescribeNode(YAML::Load("[1]")), "a list");
  EXPECT_EQ(DescribeNode(YAML::Load("{a: 1}")), "a mapping");
  EXPECT_EQ(DescribeNode(YAML::Load("~")), "null");
  EXPECT_EQ(DescribeNode(YAML::Load("'say \"hi\"'")), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(IndexPath("accounts", 2), "accounts[2]");
}

}  // namespace
}  // namespace awsgov::config
