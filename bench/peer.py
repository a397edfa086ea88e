#!/usr/bin/env python3
"""Python s3transfer peers for the benchmark: the classic TransferManager and the CRT path.

Run by `cargo run --release --example bench`, one process per (client, operation), against the same
server in the same run as our engines. Prints one line `RESULT {json}` with wall seconds, the CPU
seconds this process spent during the transfer only (imports and setup excluded) and its peak RSS.
"""
import argparse
import json
import os
import resource
import sys
import time


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def classic_manager(args):
    import boto3
    from botocore.config import Config
    from s3transfer.manager import TransferConfig, TransferManager

    client = boto3.client(
        "s3",
        endpoint_url=args.endpoint,
        region_name=args.region,
        aws_access_key_id=args.access_key,
        aws_secret_access_key=args.secret_key,
        config=Config(s3={"addressing_style": "path"}, max_pool_connections=args.concurrency + 2),
    )
    config = TransferConfig(max_request_concurrency=args.concurrency)
    return TransferManager(client, config)


def crt_manager(args):
    import botocore.session
    from botocore.config import Config
    from s3transfer.crt import (
        BotocoreCRTCredentialsWrapper,
        BotocoreCRTRequestSerializer,
        CRTTransferManager,
        create_s3_crt_client,
    )
    from s3transfer.manager import TransferConfig

    session = botocore.session.Session()
    session.set_credentials(args.access_key, args.secret_key)
    creds = BotocoreCRTCredentialsWrapper(session.get_credentials()).to_crt_credentials_provider()
    crt_client = create_s3_crt_client(args.region, crt_credentials_provider=creds, use_ssl=False)
    serializer = BotocoreCRTRequestSerializer(
        session,
        client_kwargs={
            "endpoint_url": args.endpoint,
            "region_name": args.region,
            "config": Config(s3={"addressing_style": "path"}),
        },
    )
    config = TransferConfig(max_request_concurrency=args.concurrency)
    return CRTTransferManager(crt_client, serializer, config=config)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--client", choices=["py-classic", "py-crt"], required=True)
    p.add_argument("--op", choices=["put", "get", "copy", "put-many", "get-many"], required=True)
    p.add_argument("--endpoint", required=True)
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--access-key", required=True)
    p.add_argument("--secret-key", required=True)
    p.add_argument("--bucket", required=True)
    p.add_argument("--key", required=True, help="key, or key prefix for the -many operations")
    p.add_argument("--src-key", help="source key for copy")
    p.add_argument("--path", required=True, help="local file, or directory for the -many operations")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--concurrency", type=int, default=10)
    args = p.parse_args()

    if args.client == "py-crt" and args.op == "copy":
        print("RESULT " + json.dumps({"skipped": "s3transfer's CRTTransferManager has no copy"}))
        return
    tm = classic_manager(args) if args.client == "py-classic" else crt_manager(args)

    t0, c0 = time.perf_counter(), cpu_seconds()
    futures = []
    nbytes = 0
    if args.op == "put":
        futures.append(tm.upload(args.path, args.bucket, args.key))
        nbytes = os.path.getsize(args.path)
    elif args.op == "get":
        futures.append(tm.download(args.bucket, args.key, args.path))
    elif args.op == "copy":
        futures.append(tm.copy({"Bucket": args.bucket, "Key": args.src_key}, args.bucket, args.key))
    elif args.op == "put-many":
        for i in range(args.count):
            path = os.path.join(args.path, f"{i:05}")
            nbytes += os.path.getsize(path)
            futures.append(tm.upload(path, args.bucket, f"{args.key}{i:05}"))
    elif args.op == "get-many":
        for i in range(args.count):
            futures.append(tm.download(args.bucket, f"{args.key}{i:05}", os.path.join(args.path, f"{i:05}")))
    for f in futures:
        f.result()
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    if args.op == "get":
        nbytes = os.path.getsize(args.path)
    elif args.op == "get-many":
        nbytes = sum(os.path.getsize(os.path.join(args.path, f"{i:05}")) for i in range(args.count))
    elif args.op == "copy":
        nbytes = tm._client.head_object(Bucket=args.bucket, Key=args.key)["ContentLength"] if hasattr(tm, "_client") else 0
    tm.shutdown()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("RESULT " + json.dumps({"wall": wall, "cpu": cpu, "bytes": nbytes, "objects": len(futures), "peak_rss_kib": peak_kib}))


if __name__ == "__main__":
    sys.exit(main())
