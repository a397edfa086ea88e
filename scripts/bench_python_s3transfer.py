"""Python s3transfer (classic TransferManager) peer for scripts/bench-classic.sh.

usage: bench_python_s3transfer.py ENDPOINT OP SIZE_MIB [COUNT]  (same ops as examples/classic_bench.rs)
"""
import os, resource, sys, time
import boto3
from botocore.config import Config
from s3transfer.manager import TransferManager, TransferConfig

endpoint, op, size_mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = int(sys.argv[4]) if len(sys.argv) > 4 else 1
size = 64 * 1024 if op.endswith("-many") else size_mib * 1024 * 1024
work = os.environ.get("BENCH_WORK", "/dev/shm/s3t-bench-client")
os.makedirs(work, exist_ok=True)
src = os.path.join(work, f"src-{size}")
if op.startswith("upload") and (not os.path.exists(src) or os.path.getsize(src) != size):
    with open(src, "wb") as f:
        f.write(os.urandom(size))
client = boto3.client(
    "s3", endpoint_url=endpoint, region_name="us-east-1",
    aws_access_key_id="AKIAS3TRANSFERTEST", aws_secret_access_key="s3transfer/test/secret/key/0123456789abcdef",
    config=Config(s3={"addressing_style": "path"}, max_pool_connections=20),
)
tm = TransferManager(client, TransferConfig())
r0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.time()
nbytes = 0
if op == "upload":
    tm.upload(src, "bench", f"py-obj-{size_mib}").result(); nbytes = size
elif op == "download":
    key = f"py-obj-{size_mib}" if os.environ.get("PY_OWN_KEYS") else f"obj-{size_mib}"
    dst = os.path.join(work, "py-dst"); tm.download("bench", key, dst).result()
    nbytes = os.path.getsize(dst)
elif op == "copy":
    tm.copy({"Bucket": "bench", "Key": f"obj-{size_mib}"}, "bench", f"py-copy-{size_mib}").result(); nbytes = size
elif op == "upload-many":
    futs = [tm.upload(src, "bench", f"py-small/{i}") for i in range(count)]
    for f in futs: f.result(); nbytes += size
elif op == "download-many":
    d = os.path.join(work, "py-many"); os.makedirs(d, exist_ok=True)
    futs = [tm.download("bench", f"small/{i}", os.path.join(d, str(i))) for i in range(count)]
    for f in futs: f.result(); nbytes += size
tm.shutdown()
wall = time.time() - t0
r1 = resource.getrusage(resource.RUSAGE_SELF)
import shutil
shutil.rmtree(os.path.join(work, "py-many"), ignore_errors=True)
if os.path.exists(os.path.join(work, "py-dst")): os.remove(os.path.join(work, "py-dst"))
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
gib = nbytes / 2**30
print(f"python-s3transfer {op} bytes={nbytes} count={count} wall={wall:.3f}s MiB/s={nbytes/wall/2**20:.1f} "
      f"obj/s={count/wall:.1f} cpu={cpu:.2f}s cpu/GiB={cpu/gib:.2f} peakRSS={r1.ru_maxrss/1024:.1f}MiB")
