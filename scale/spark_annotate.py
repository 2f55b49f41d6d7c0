#!/usr/bin/env python3
"""Run `byline annotate --jsonl` over a JSONL corpus on Spark with RDD.pipe.

`byline annotate --jsonl` is a pure filter, so Spark's `RDD.pipe` runs it
as it is: each partition's lines go to one `byline` process's stdin and its
stdout lines become the output partition.

    python scale/spark_annotate.py INPUT.jsonl OUT_DIR --byline /path/to/byline \
        [--master local[2]] [--partitions 8]

On a real cluster, install `byline` at the same path on every executor (or
ship it with `spark-submit --files byline` and pass `--byline ./byline`).
Then `byline report --from OUT_DIR` aggregates the `part-*` files. See
docs/scale-out.md.
"""

import argparse
import os
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="input JSONL (byline export --format input)")
    parser.add_argument("out_dir", help="folder for the output partitions (must not exist)")
    parser.add_argument("--byline", default="byline", help="the byline binary (same path on every executor)")
    parser.add_argument("--master", default="local[2]", help="Spark master URL")
    parser.add_argument("--partitions", type=int, default=8, help="minimum input partitions")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    if os.path.exists(args.out_dir):
        sys.exit(f"{args.out_dir}: already exists; name a new folder")
    byline = os.path.abspath(args.byline) if os.sep in args.byline else args.byline
    spark = SparkSession.builder.master(args.master).appName("byline-annotate").getOrCreate()
    try:
        lines = spark.sparkContext.textFile(os.path.abspath(args.input), minPartitions=args.partitions)
        # One thread per byline process: Spark already runs one task per core.
        annotated = lines.pipe(f"{byline} annotate --jsonl", env={"RAYON_NUM_THREADS": "1"}, checkCode=True)
        annotated.saveAsTextFile(os.path.abspath(args.out_dir))
        print(f"wrote {lines.getNumPartitions()} partitions to {args.out_dir}", file=sys.stderr)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
