//! Benchmark (not a test): a 1 GiB upload and download through our CRT wrappers against the in-process
//! s3s-fs server, beside Python s3transfer's CRT path (`CRTTransferManager` over awscrt) against the
//! same server in the same run. Prints MiB/s and client CPU seconds per GiB.
//!
//! ```text
//! cargo run --release --example crt_bench [-- SIZE_MIB]
//! ```
//!
//! How client CPU is measured. The server runs inside this process, so process CPU (getrusage) counts
//! both sides. Every server thread is named `s3s-fs-*` (the server thread and its tokio runtime's
//! worker and blocking threads). For our client we read utime+stime of every thread in
//! `/proc/self/task/*/stat` before and after each transfer and sum the deltas of the threads whose name
//! does not start with `s3s-fs` (the CRT event-loop threads, the resolver thread and the main thread).
//! Threads that both start and exit inside the interval are missed; the CRT's threads live as long as
//! the client, so that is not an issue here, and the process total is printed beside it as a check.
//! The Python peer is a separate process: it measures itself with `resource.getrusage(RUSAGE_SELF)`
//! around each transfer, so its figure is client-only by construction (its server is our process).

#[path = "../tests/support/server.rs"]
mod server;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use s3transfer::crt::auth::{Credentials, CredentialsProvider};
use s3transfer::crt::s3::{ChecksumMode, RequestBody, S3Client, S3ClientConfig};
use server::{ServerOptions, TestServer, ACCESS_KEY, REGION, SECRET_KEY};

const MIB: u64 = 1024 * 1024;

const PEER: &str = r#"
import json, resource, sys, time
import botocore.session
from botocore.config import Config
from awscrt.auth import AwsCredentialsProvider
from s3transfer.crt import BotocoreCRTRequestSerializer, CRTTransferManager, create_s3_crt_client

endpoint, region, ak, sk, bucket, src, dst = sys.argv[1:8]
session = botocore.session.get_session()
provider = AwsCredentialsProvider.new_static(ak, sk)
client = create_s3_crt_client(region, crt_credentials_provider=provider, use_ssl=False)
serializer = BotocoreCRTRequestSerializer(session, client_kwargs={
    "region_name": region, "endpoint_url": endpoint,
    "aws_access_key_id": ak, "aws_secret_access_key": sk,
    "config": Config(s3={"addressing_style": "path"}),
})

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

out = {}
with CRTTransferManager(client, serializer) as tm:
    for name, run in (("upload", lambda: tm.upload(src, bucket, "py-object")),
                      ("download", lambda: tm.download(bucket, "py-object", dst))):
        c0, t0 = cpu(), time.perf_counter()
        run().result()
        out[name] = {"wall": time.perf_counter() - t0, "cpu": cpu() - c0}
out["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(out))
"#;

fn clock_ticks() -> f64 {
    // Linux reports /proc times in USER_HZ, which is 100 on every mainstream configuration.
    100.0
}

/// Per-thread (name, CPU seconds) of this process, keyed by thread id.
fn thread_cpu() -> HashMap<u64, (String, f64)> {
    let mut map = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else { return map };
    for entry in dir.flatten() {
        let Ok(tid) = entry.file_name().to_string_lossy().parse::<u64>() else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // Format: tid (comm) state ... ; comm may contain spaces, so split at the last ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let name = stat[open + 1..close].to_owned();
        let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
        // After "pid (comm)", field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
        let utime: f64 = fields.get(11).and_then(|s| s.parse().ok()).unwrap_or(0.0);
        let stime: f64 = fields.get(12).and_then(|s| s.parse().ok()).unwrap_or(0.0);
        map.insert(tid, (name, (utime + stime) / clock_ticks()));
    }
    map
}

fn process_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let close = stat.rfind(')').unwrap_or(0);
    let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
    let utime: f64 = fields.get(11).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    let stime: f64 = fields.get(12).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    (utime + stime) / clock_ticks()
}

/// (client CPU s, server CPU s, process CPU s) between two snapshots.
fn cpu_split(before: &HashMap<u64, (String, f64)>, after: &HashMap<u64, (String, f64)>) -> (f64, f64) {
    let mut client = 0.0;
    let mut server = 0.0;
    for (tid, (name, cpu)) in after {
        let delta = cpu - before.get(tid).map_or(0.0, |(_, c)| *c);
        if name.starts_with("s3s-fs") {
            server += delta;
        } else {
            client += delta;
        }
    }
    (client, server)
}

struct Row {
    label: String,
    bytes: u64,
    wall: f64,
    client_cpu: f64,
    note: String,
}

fn print_row(r: &Row) {
    let gib = r.bytes as f64 / (1024.0 * MIB as f64);
    println!(
        "{:<30} {:>7.1} MiB/s   {:>6.2} s wall   client CPU {:>6.2} s/GiB   {}",
        r.label,
        r.bytes as f64 / MIB as f64 / r.wall,
        r.wall,
        r.client_cpu / gib,
        r.note
    );
}

fn measure<T>(label: &str, bytes: u64, f: impl FnOnce() -> T) -> (Row, T) {
    let t0 = thread_cpu();
    let p0 = process_cpu();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed().as_secs_f64();
    let t1 = thread_cpu();
    let p1 = process_cpu();
    let (client, server) = cpu_split(&t0, &t1);
    let note = format!("(server {:.2} s, process {:.2} s)", server, p1 - p0);
    (Row { label: label.to_owned(), bytes, wall, client_cpu: client, note }, out)
}

fn main() {
    let size_mib: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1024);
    let size = size_mib * MIB;
    let work = tempfile::Builder::new().prefix("crt-bench-").tempdir().expect("temp dir");
    let server = TestServer::start_with(ServerOptions { worker_threads: 2, parent_dir: Some(work.path().to_owned()) });
    server.create_bucket("bench");

    // Source file: deterministic pseudo-random bytes, written in 8 MiB chunks.
    let src = work.path().join("source.bin");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&src).expect("create source"));
        let chunk = server::test_bytes(8 * MIB as usize, 1);
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            f.write_all(&chunk[..n]).expect("write source");
            left -= n as u64;
        }
    }
    println!("object size {size_mib} MiB, server s3s-fs in-process on {}, files in {}", server.endpoint(), work.path().display());

    let creds = CredentialsProvider::new_static(&Credentials::new(ACCESS_KEY, SECRET_KEY)).expect("credentials");
    let client = S3Client::new(S3ClientConfig::new(REGION, server.endpoint(), creds).part_size(8 * MIB)).expect("client");
    let timeout = Duration::from_secs(600);

    let (up, r) = measure("rust crt upload (file)", size, || {
        let req = client.send(client.put_object("bench", "rust-object", RequestBody::File(src.clone()))).expect("start");
        req.wait_timeout(timeout).expect("upload timed out")
    });
    r.expect("upload failed");
    print_row(&up);

    let dst = work.path().join("rust-download.bin");
    let (down, r) = measure("rust crt download (file)", size, || {
        let req = client.send(client.get_object("bench", "rust-object").to_file(&dst)).expect("start");
        req.wait_timeout(timeout).expect("download timed out")
    });
    r.expect("download failed");
    print_row(&down);
    assert_eq!(std::fs::metadata(&dst).map(|m| m.len()).ok(), Some(size), "downloaded size differs");
    assert!(files_equal(&src, &dst), "downloaded bytes differ");
    let _ = std::fs::remove_file(&dst);

    // Python s3transfer's CRT download sets no checksum config (no HeadObject, no CRC32 over the
    // body), so also measure ours that way for a like-for-like CPU comparison.
    let (down2, r) = measure("rust crt download (no crc)", size, || {
        let opts = client.get_object("bench", "rust-object").to_file(&dst).checksum(ChecksumMode::None);
        let req = client.send(opts).expect("start");
        req.wait_timeout(timeout).expect("download timed out")
    });
    r.expect("download failed");
    print_row(&down2);
    assert!(files_equal(&src, &dst), "downloaded bytes differ");
    let _ = std::fs::remove_file(&dst);
    drop(client);
    // Peak RSS of this process: the server (s3s-fs, in-process) and our client together.
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned()))
        .and_then(|kib| kib.parse::<u64>().ok())
        .unwrap_or(0);
    println!("rust process peak RSS (client + in-process server): {} MiB", hwm / 1024);

    // Python s3transfer's CRT path against the same server.
    let script = work.path().join("peer.py");
    std::fs::write(&script, PEER).expect("write peer script");
    let py_dst = work.path().join("py-download.bin");
    let out = Command::new("python3")
        .arg(&script)
        .args([&server.endpoint(), REGION, ACCESS_KEY, SECRET_KEY, "bench"])
        .arg(&src)
        .arg(&py_dst)
        .output()
        .expect("run python3");
    if !out.status.success() {
        println!("python s3transfer CRT peer failed: {}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or("");
    for op in ["upload", "download"] {
        let wall = json_number(line, op, "wall");
        let cpu = json_number(line, op, "cpu");
        if let (Some(wall), Some(cpu)) = (wall, cpu) {
            print_row(&Row {
                label: format!("python s3transfer crt {op}"),
                bytes: size,
                wall,
                client_cpu: cpu,
                note: "(getrusage of the python process)".into(),
            });
        }
    }
    assert!(files_equal(&src, &py_dst), "python download differs");
    if let Some(kib) = line.find("\"maxrss_kib\": ").and_then(|i| {
        line[i + 14..].chars().take_while(char::is_ascii_digit).collect::<String>().parse::<u64>().ok()
    }) {
        println!("python peer peak RSS: {} MiB", kib / 1024);
    }
}

/// Extracts `{"op": {"field": NUMBER}}` from the peer's one-line JSON without a JSON dependency.
fn json_number(line: &str, op: &str, field: &str) -> Option<f64> {
    let at = line.find(&format!("\"{op}\""))?;
    let rest = &line[at..];
    let f = rest.find(&format!("\"{field}\": "))? + field.len() + 4;
    let num: String = rest[f..].chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == 'e' || *c == '-').collect();
    num.parse().ok()
}

fn files_equal(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else { return false };
    let (mut ra, mut rb) = (std::io::BufReader::new(fa), std::io::BufReader::new(fb));
    let (mut ba, mut bb) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    loop {
        let na = read_full(&mut ra, &mut ba);
        let nb = read_full(&mut rb, &mut bb);
        if na != nb || ba[..na] != bb[..nb] {
            return false;
        }
        if na == 0 {
            return true;
        }
    }
    fn read_full(r: &mut impl Read, buf: &mut [u8]) -> usize {
        let mut n = 0;
        while n < buf.len() {
            match r.read(&mut buf[n..]) {
                Ok(0) | Err(_) => break,
                Ok(k) => n += k,
            }
        }
        n
    }
}
