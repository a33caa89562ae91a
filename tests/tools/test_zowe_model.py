#!/usr/bin/env python3
"""Hand-written cases for zowe_model.py, each expected value derived from Zowe's code.

The comment on each case names the Zowe function that decides it (docs/zowe-model.md has
the repositories, paths and versions). Run: python3 tests/tools/test_zowe_model.py
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zowe_model as zm  # noqa: E402

U = zm.Unknown("")  # equal to any Unknown


def one(files, defaults="zowe: {}\n"):
    """The single effective configuration (no haInstances)."""
    out = zm.effective(files, defaults)
    assert len(out) == 1 and out[0][0] is None, out
    return out[0][1]


def inst(files, defaults="zowe: {}\n"):
    return dict(zm.effective(files, defaults))


class Typing(unittest.TestCase):
    """c/yaml2json.c yaml2JSON1."""

    def test_plain_digits_are_integers_leading_zero_decimal(self):
        c = one(["a:\n  p: 7554\n  q: 07554\n  r: '7554'\n  s: \"7554\"\n"])
        self.assertEqual(c["a"], {"p": 7554, "q": 7554, "r": "7554", "s": "7554"})
        self.assertIs(type(c["a"]["q"]), int)

    def test_signed_and_decimal_numbers_stay_strings(self):
        c = one(["a:\n  p: +1\n  q: -1\n  r: 1.5\n  s: 0x10\n"])
        self.assertEqual(c["a"], {"p": "+1", "q": "-1", "r": "1.5", "s": "0x10"})

    def test_only_six_boolean_spellings(self):
        c = one(["a: {b: true, c: True, d: TRUE, e: false, f: False, g: FALSE, "
                 "h: yes, i: on, j: tRUE, k: 'true'}\n"])
        self.assertEqual(c["a"], {"b": True, "c": True, "d": True, "e": False, "f": False,
                                  "g": False, "h": "yes", "i": "on", "j": "tRUE",
                                  "k": "true"})

    def test_nulls(self):
        c = one(["a:\n  b:\n  c: ~\n  d: null\n  e: Null\n  f: NULL\n  g: nUll\n  h: ''\n"])
        self.assertEqual(c["a"], {"b": None, "c": None, "d": None, "e": None, "f": None,
                                  "g": "nUll", "h": ""})

    def test_int_tag_types_quoted_digits_and_drops_non_digits(self):
        c = one(["a:\n  b: !!int \"7554\"\n  c: !!int '-5'\n  d: !!int 0x1F\n"])
        self.assertEqual(c["a"], {"b": 7554})

    def test_str_tag_on_plain_scalar_is_the_default_tag(self):
        # libyaml gives every untagged scalar the str tag, so an explicit !!str on a
        # plain scalar changes nothing: yaml2JSON1 still types it by its text.
        c = one(["a:\n  b: !!str 7554\n  c: !!str true\n  d: !!str \"7554\"\n  e: !!str x\n"])
        self.assertEqual(c["a"], {"b": 7554, "c": True, "d": "7554", "e": "x"})

    def test_bool_null_float_and_other_tags(self):
        c = one(["a:\n  b: !!bool \"true\"\n  c: !!bool yes\n  d: !!null 7\n"
                 "  e: !!float 1.5\n  f: !custom x\n  g: !!timestamp 2001-12-14\n"])
        self.assertEqual(c["a"], {"b": True, "d": None})

    def test_single_quoted_template_is_dropped_lower_layer_applies(self):
        c = one(["a:\n  b: '${{ a.c }}'\n"], "a:\n  b: 1\n  c: 2\n")
        self.assertEqual(c["a"], {"b": 1, "c": 2})

    def test_block_scalars_are_never_templates(self):
        c = one(["a:\n  b: |\n    ${{ a.c }}\n  c: >\n    ${{ a.b }}\n"])
        self.assertEqual(c["a"], {"b": "${{ a.c }}\n", "c": "${{ a.b }}\n"})

    def test_template_without_closing_is_dropped(self):
        c = one(["a:\n  b: x${{ a.c\n  c: 1\n"], "a:\n  b: 9\n")
        self.assertEqual(c["a"], {"b": 9, "c": 1})


class Layers(unittest.TestCase):
    """c/configmgr.c overloadConfiguration, c/json.c mergeJson1."""

    def test_left_most_wins_defaults_lowest(self):
        c = one(["a: {p: 1}\n", "a: {p: 2, q: 2}\n"], "a: {p: 3, q: 3, r: 3}\n")
        self.assertEqual(c["a"], {"p": 1, "q": 2, "r": 3})

    def test_arrays_concatenate_lower_layer_first(self):
        c = one(["a: {l: [h1, h2]}\n", "a: {l: [m]}\n"], "a: {l: [d]}\n")
        self.assertEqual(c["a"]["l"], ["d", "m", "h1", "h2"])

    def test_type_clash_takes_the_higher_value(self):
        c = one(["a: {l: 5, m: [1], o: x}\n"], "a: {l: [1], m: {k: 1}, o: {k: 1}}\n")
        self.assertEqual(c["a"], {"l": 5, "m": [1], "o": "x"})

    def test_key_order_lower_layer_first(self):
        c = one(["b: 1\na: {y: 1, x: 1}\n"], "a: {x: 0, z: 0}\nc: 0\n")
        self.assertEqual(list(c), ["a", "c", "b"])
        self.assertEqual(list(c["a"]), ["x", "z", "y"])

    def test_higher_object_over_lower_template_keeps_the_template(self):
        # jsonMerge merges the higher object INTO the lower marker object, which stays a
        # marker and is then evaluated from the lower layer's source.
        c = one(["a:\n  t:\n    k: 1\n"], "a:\n  t: ${{ a.v }}\n  v: 5\n")
        self.assertEqual(c["a"]["t"], 5)

    def test_higher_template_over_lower_object_wins(self):
        c = one(["a:\n  t: ${{ a.v }}\n"], "a:\n  t: {k: 1}\n  v: 5\n")
        self.assertEqual(c["a"]["t"], 5)


class Templates(unittest.TestCase):
    """c/yaml2json.c buildTemplateJSON, c/embeddedjs.c evaluateJsonTemplates."""

    def test_whole_scalar_keeps_the_type(self):
        c = one(["a:\n  p: 7554\n  q: ${{ a.p }}\n  r: \"${{ a.s }}\"\n  s: true\n"
                 "  n: ~\n  m: ${{ a.n }}\n"])
        # a.r reads a.s, which is a plain boolean (no template): fine in any order
        self.assertEqual(c["a"]["q"], 7554)
        self.assertIs(c["a"]["r"], True)
        self.assertIsNone(c["a"]["m"])

    def test_text_around_makes_a_string(self):
        c = one(["a:\n  p: 7554\n  q: \" ${{ a.p }}\"\n  r: https://${{ a.h }}:${{ a.p }}/\n"
                 "  h: host\n  b: x${{ a.t }}\n  t: false\n  n: ~\n  m: x${{ a.n }}\n"])
        self.assertEqual(c["a"]["q"], " 7554")
        self.assertEqual(c["a"]["r"], "https://host:7554/")
        self.assertEqual(c["a"]["b"], "xfalse")
        self.assertEqual(c["a"]["m"], "xnull")

    def test_adjacent_templates_add_numbers(self):
        # buildTemplateJSON joins the pieces with "+": two numbers are added.
        c = one(["a:\n  p: 7554\n  q: 3\n  r: ${{ a.p }}${{ a.q }}\n  s: ${{ a.p }}${{ a.q }}x\n"])
        self.assertEqual(c["a"]["r"], 7557)
        self.assertEqual(c["a"]["s"], "7557x")

    def test_array_in_interpolation_is_joined(self):
        c = one(["a:\n  l: [x, 1, ~]\n  q: \"<${{ a.l }}>\"\n"])
        self.assertEqual(c["a"]["q"], "<x,1,>")

    def test_object_in_interpolation_prints_object_object(self):
        c = one(["a:\n  o:\n    k: ${{ 1+1 }}\n  q: \"<${{ a.o }}>\"\n"])
        self.assertEqual(c["a"]["q"], "<[object Object]>")

    def test_whole_array_or_object_with_array_is_unknown(self):
        c = one(["a:\n  l: [x]\n  q: ${{ a.l }}\n  o: {k: 1}\n  r: ${{ a.o }}\n  s: ${{ a }}\n"])
        self.assertIsInstance(c["a"]["q"], zm.Unknown)
        self.assertEqual(c["a"]["r"], {"k": 1})
        self.assertIsInstance(c["a"]["s"], zm.Unknown)

    def test_reference_into_arrays(self):
        c = one(["a:\n  l: [x, y]\n  p: ${{ a.l[1] }}\n  q: ${{ a['l'][0] }}\n"
                 "  r: ${{ a.l[2] }}\n  s: v${{ a.l[2] }}\n"])
        self.assertEqual(c["a"]["p"], "y")
        self.assertEqual(c["a"]["q"], "x")
        self.assertIsInstance(c["a"]["r"], zm.Unknown)  # undefined: left unevaluated
        self.assertEqual(c["a"]["s"], "vundefined")

    def test_missing_paths(self):
        c = one(["a:\n  p: ${{ a.nosuch }}\n  q: ${{ a.nosuch.deeper }}\n"
                 "  r: ${{ nosuchtop.x }}\n  s: x${{ a.nosuch.deeper }}\n"])
        for k in "pqrs":
            self.assertIsInstance(c["a"][k], zm.Unknown, k)

    def test_forward_reference_sees_an_unevaluated_value(self):
        c = one(["a:\n  p: ${{ a.q }}\n  q: ${{ a.r }}\n  r: 5\n  s: x${{ a.t }}\n"
                 "  t: ${{ a.r }}\n"])
        self.assertIsInstance(c["a"]["p"], zm.Unknown)
        self.assertEqual(c["a"]["q"], 5)
        self.assertIsInstance(c["a"]["s"], zm.Unknown)
        self.assertEqual(c["a"]["t"], 5)

    def test_document_order_is_the_merged_order(self):
        # defaults list b before a, so b's template is evaluated first and reads
        # a.p before a.p's template is evaluated, although the layer lists a first.
        c = one(["a:\n  p: ${{ a.v }}\n  v: 1\nb:\n  q: ${{ a.p }}\n"], "b: {}\na: {}\n")
        self.assertIsInstance(c["b"]["q"], zm.Unknown)
        self.assertEqual(c["a"]["p"], 1)

    def test_non_path_javascript_is_unknown(self):
        c = one(["a:\n  p: ${{ 1+1 }}\n  q: ${{ a.v + 1 }}\n  r: ${{ a.v || 2 }}\n  v: 1\n"])
        for k in "pqr":
            self.assertIsInstance(c["a"][k], zm.Unknown, k)

    def test_string_index_and_builtin_names(self):
        c = one(["a:\n  s: abc\n  p: ${{ a.s[1] }}\n  q: ${{ a.s.length }}\n"])
        self.assertEqual(c["a"]["p"], "b")
        self.assertIsInstance(c["a"]["q"], zm.Unknown)


class Instances(unittest.TestCase):
    """bin/libs/configmgr.ts makeHaConfig, bin/utils/ObjUtils.ts Merger."""

    BASE = ("zowe:\n  externalDomains: [dvipa]\n  externalPort: ${{ components.gateway.port }}\n"
            "components:\n  gateway: {port: 7554, enabled: true}\n"
            "  izp: {server: {host: \"${{ zowe.externalDomains[0] }}\"}}\n")

    def test_templates_are_not_re_evaluated_per_instance(self):
        ha = ("haInstances:\n  lpar1:\n    hostname: h1\n    sysname: S1\n"
              "    zowe: {externalDomains: [other]}\n"
              "    components: {gateway: {port: 8554}}\n")
        out = inst([ha, self.BASE])
        c = out["lpar1"]
        self.assertEqual(c["zowe"]["externalPort"], 7554)
        self.assertEqual(c["components"]["gateway"], {"port": 8554, "enabled": True})
        self.assertEqual(c["components"]["izp"]["server"]["host"], "dvipa")
        self.assertEqual(c["zowe"]["externalDomains"], ["other"])  # replaced, not joined

    def test_hostname_sysname_not_copied_and_subtree_kept(self):
        ha = ("haInstances:\n  a1:\n    hostname: h1\n    sysname: S1\n"
              "  b2:\n    hostname: h2\n    sysname: S2\n")
        out = zm.effective([ha, self.BASE], "zowe: {}\n")
        self.assertEqual([i for i, _ in out], ["a1", "b2"])
        for _, c in out:
            self.assertNotIn("hostname", c)
            self.assertNotIn("sysname", c)
            self.assertEqual(c["haInstances"]["b2"], {"hostname": "h2", "sysname": "S2"})

    def test_instance_values_are_evaluated_in_the_base(self):
        ha = ("haInstances:\n  a1:\n    hostname: ${{ zowe.externalDomains[0] }}\n"
              "    sysname: S1\n    components:\n      zss:\n"
              "        port: ${{ components.gateway.port }}\n")
        c = inst([self.BASE, ha])["a1"]
        self.assertEqual(c["haInstances"]["a1"]["hostname"], "dvipa")
        self.assertEqual(c["components"]["zss"], {"port": 7554})

    def test_null_and_scalar_over_map_replace(self):
        ha = ("haInstances:\n  a1:\n    hostname: h\n    sysname: S\n"
              "    components: {gateway: ~, izp: 5}\n")
        c = inst([ha, self.BASE])["a1"]
        self.assertIsNone(c["components"]["gateway"])
        self.assertEqual(c["components"]["izp"], 5)

    def test_array_over_map_is_not_claimed(self):
        # ObjUtils isObject() is true for arrays, so Zowe merges the array's indexes into
        # the object as keys ("0", "1", then the base's keys): neither the model nor the
        # tool claims that result.
        ha = ("haInstances:\n  a1:\n    hostname: h\n    sysname: S\n"
              "    components: {gateway: [x, y]}\n")
        c = inst([ha, self.BASE])["a1"]
        self.assertIsInstance(c["components"]["gateway"], zm.Unknown)

    def test_unknown_in_overlay(self):
        ha = ("haInstances:\n  a1:\n    hostname: h\n    sysname: S\n"
              "    zowe:\n      externalPort: ${{ 1+1 }}\n")
        c = inst([ha, self.BASE])["a1"]
        self.assertIsInstance(c["zowe"]["externalPort"], zm.Unknown)

    def test_empty_and_null_instances(self):
        # makeHaConfig: a falsy instance gives the base as is; {} is truthy and merges.
        ha = ("haInstances:\n  a1:\n  b2: {}\n  c3: {hostname: h}\n")
        out = zm.effective([ha, "hostname: top\nzowe: {x: 1}\n"], "zowe: {}\n")
        self.assertEqual([i for i, _ in out], ["a1", "b2", "c3"])
        self.assertEqual(out[0][1]["hostname"], "top")
        self.assertNotIn("hostname", out[1][1])
        self.assertNotIn("hostname", out[2][1])
        self.assertEqual(out[2][1]["zowe"], {"x": 1})

    def test_aliases_are_not_modelled(self):
        with self.assertRaises(zm.NotModelled):
            zm.effective(["a: &x {b: 1}\nc: *x\n"], "zowe: {}\n")


if __name__ == "__main__":
    unittest.main(verbosity=1)
