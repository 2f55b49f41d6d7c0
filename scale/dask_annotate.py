#!/usr/bin/env python3
"""Run `byline annotate --jsonl` over a JSONL corpus on a Dask cluster.

Byline has no scheduler of its own: `byline annotate --jsonl` is a pure
filter (one output line per input article, in order, nothing carried from
one line to the next), so any engine that can pipe a partition of lines
through a program can run it. This recipe:

1. reads the input JSONL (from `byline export --format input`) as text
   partitions with `dask.bag.read_text(..., blocksize=...)`;
2. pipes each partition through the real `byline` binary's stdin on a
   worker;
3. writes one output partition per input partition (`part-00000.jsonl`...),
   which `byline report --from OUT_DIR` aggregates.

    python scale/dask_annotate.py INPUT.jsonl OUT_DIR --byline /path/to/byline \
        [--workers 2] [--blocksize 16MB] [--scheduler tcp://host:8786]

Without --scheduler it starts a LocalCluster of --workers processes with
one thread each; with it, it joins an existing cluster (every worker then
needs the `byline` binary at the path given). See docs/scale-out.md.
"""

import argparse
import os
import subprocess
import sys


def annotate_partition(lines, byline, extra_args):
    """One partition of input lines through `byline annotate --jsonl`."""
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    # Each worker process runs one byline at a time: one thread each, so
    # N workers use N cores rather than N x cores.
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    run = subprocess.run(
        [byline, "annotate", "--jsonl", *extra_args],
        input=data.encode("utf-8"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(
            f"byline annotate --jsonl exited {run.returncode}: {run.stderr.decode('utf-8', 'replace')}"
        )
    return run.stdout.decode("utf-8").splitlines()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="input JSONL (byline export --format input); a glob works too")
    parser.add_argument("out_dir", help="folder for the output partitions (must not exist)")
    parser.add_argument("--byline", default="byline", help="the byline binary (same path on every worker)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--blocksize", default="16MB", help="bytes of input per partition")
    parser.add_argument("--scheduler", help="address of an existing Dask scheduler")
    parser.add_argument("--registry", action="append", default=[], help="registry file (passed to byline)")
    args = parser.parse_args(argv)

    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    if os.path.exists(args.out_dir):
        sys.exit(f"{args.out_dir}: already exists; name a new folder")
    extra = [a for r in args.registry for a in ("--registry", os.path.abspath(r))]
    byline = os.path.abspath(args.byline) if os.sep in args.byline else args.byline

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        lines = db.read_text(args.input, blocksize=args.blocksize, encoding="utf-8")
        annotated = lines.map_partitions(annotate_partition, byline, extra)
        os.makedirs(args.out_dir)
        annotated.to_textfiles(
            os.path.join(args.out_dir, "part-*.jsonl"),
            name_function=lambda i: f"{i:05d}",
            last_endline=True,
        )
        print(f"wrote {lines.npartitions} partitions to {args.out_dir}", file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
