//! Transfer benchmark: our engines beside Python s3transfer (classic and CRT) and a raw-HTTP ceiling,
//! on the same server, in the same run.
//!
//! ```text
//! cargo run --release --example bench -- [--server fs|null|both] [--size-mib 1024] [--count 1000]
//!     [--small-kib 64] [--clients raw,classic,crt,crt-raw,py-classic,py-crt] [--ops put,get,copy,put-many,get-many]
//!     [--storage DIR]   (where the fs server keeps objects; default /dev/shm when present)
//!     [--work DIR]      (where the clients' source and downloaded files live; default /dev/shm when present)
//! ```
//!
//! Every client runs in a process of its own and reports wall time, the CPU seconds it spent during the
//! transfer (setup excluded) and its peak RSS, so one client's cost never hides in another's. The server
//! runs in a process of its own too: `fs` is s3s-fs over a temporary directory (SigV4 checked, every byte
//! written to disk and hashed: it caps throughput on a small machine), `null` is an s3s server that keeps
//! no data and checks no signatures (see `null_server.rs`), so the client is what is measured.

#[path = "../../tests/support/server.rs"]
mod server;
mod clients;
mod null_server;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const USAGE: &str = "\
Transfer benchmark: our engines beside Python s3transfer and a raw-HTTP ceiling, on one server.

usage: cargo run --release --example bench -- [OPTIONS]

  --server fs|null|both     fs = s3s-fs (objects in /dev/shm, every byte hashed), null = keeps no data
                            (the client is what is measured); default both
  --ops LIST                put,get,copy,put-many,get-many (default all): put/get move one large object,
                            copy is a server-side copy of it, put-many/get-many move --count small objects
  --clients LIST            raw,classic,crt,crt-raw,py-classic,py-crt (default raw,classic,crt,py-classic,py-crt)
  --size-mib N              large object size in MiB (default 1024)
  --count N                 number of small objects (default 1000)
  --small-kib N             small object size in KiB (default 64)
  --storage DIR             where the fs server keeps objects (default /dev/shm when present)

Prints one markdown table row per server, operation and client: MiB/s, objects/s, client CPU seconds
per GiB, peak RSS, and ratios against the Python peers. Each client and the server run in processes
of their own. Example (the server-side copy case alone, both engines and Python classic):

  cargo run --release --example bench -- --server null --ops copy --clients classic,crt,py-classic

Tuning experiments (environment; they change the classic and crt clients only):
  S3T_CHUNK_MIB=N           multipart_chunksize (part and ranged-GET size) in MiB
  S3T_CONCURRENCY=N         max_request_concurrency (connections)
  S3T_CRT_MEMORY_MIB=N      crt_memory_limit in MiB
  S3T_CRT_GBPS=X            crt_throughput_target_gbps
  S3T_BENCH_FAULTS=1        each of those clients prints its minor page faults to stderr
";

const MIB: f64 = 1024.0 * 1024.0;
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
const BUCKET: &str = "bench";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return;
    }
    match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("client") => clients::run(&args[1..]),
        _ => orchestrate(&args),
    }
}

/// An aws-sdk-s3 client for the benchmark server, as a user would configure one (default checksums).
pub fn server_client(a: &clients::ClientArgs) -> aws_sdk_s3::Client {
    let creds = aws_sdk_s3::config::Credentials::new(&a.access_key, &a.secret_key, None, None, "bench");
    let conf = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new(a.region.clone()))
        .endpoint_url(&a.endpoint)
        .force_path_style(true)
        .credentials_provider(creds)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// Flags as `--name value` pairs.
pub fn flags(args: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            let value = it.next().unwrap_or_else(|| panic!("flag --{name} needs a value"));
            out.insert(name.to_owned(), value.clone());
        } else {
            panic!("unexpected argument {a:?}");
        }
    }
    out
}

/// `bench serve --kind fs|null`: prints `ENDPOINT <url>` and serves until stdin closes.
fn serve(args: &[String]) {
    let f = flags(args);
    let kind = f.get("kind").map(String::as_str).unwrap_or("fs");
    let keep_alive = |endpoint: String| {
        println!("ENDPOINT {endpoint}");
        std::io::stdout().flush().unwrap();
        // The orchestrator closes our stdin (or dies): then stop.
        let mut sink = String::new();
        while std::io::stdin().read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {}
    };
    match kind {
        "fs" => {
            // Objects live in RAM (/dev/shm) when it exists, so the disk does not cap the server.
            let parent = f.get("storage").cloned().or_else(|| Path::new("/dev/shm").is_dir().then(|| "/dev/shm".to_owned()));
            let srv = server::TestServer::start_with(server::ServerOptions { worker_threads: 2, parent_dir: parent.map(PathBuf::from) });
            keep_alive(srv.endpoint());
        }
        "null" => {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
            let endpoint = format!("http://{}", listener.local_addr().unwrap());
            let service = {
                let mut b = s3s::service::S3ServiceBuilder::new(null_server::NullS3::default());
                // s3s refuses signed requests without an auth provider; header signatures are cheap to check.
                b.set_auth(s3s::auth::SimpleAuth::from_single(server::ACCESS_KEY, server::SECRET_KEY));
                b.build()
            };
            rt.spawn(async move {
                let http = hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
                loop {
                    let Ok((socket, _)) = listener.accept().await else { continue };
                    let _ = socket.set_nodelay(true);
                    let conn = http.serve_connection(hyper_util::rt::TokioIo::new(socket), service.clone()).into_owned();
                    tokio::spawn(async move {
                        let _ = conn.await;
                    });
                }
            });
            keep_alive(endpoint);
            rt.shutdown_timeout(Duration::from_millis(200));
        }
        other => panic!("unknown server kind {other:?}"),
    }
}

struct Server {
    child: Child,
    endpoint: String,
}

impl Server {
    fn spawn(kind: &str, storage: Option<&String>) -> Self {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args(["serve", "--kind", kind]);
        if let Some(dir) = storage {
            cmd.args(["--storage", dir]);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn server process");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let endpoint = line.trim().strip_prefix("ENDPOINT ").expect("server printed its endpoint").to_owned();
        Server { child, endpoint }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// One client run's report.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub wall: f64,
    pub cpu: f64,
    pub bytes: u64,
    pub objects: u64,
    pub peak_rss_kib: u64,
    pub skipped: Option<String>,
}

impl Report {
    pub fn to_line(&self) -> String {
        format!(
            "RESULT {{\"wall\": {}, \"cpu\": {}, \"bytes\": {}, \"objects\": {}, \"peak_rss_kib\": {}}}",
            self.wall, self.cpu, self.bytes, self.objects, self.peak_rss_kib
        )
    }

    fn parse(line: &str) -> Option<Report> {
        let json = line.strip_prefix("RESULT ")?.trim();
        let field = |name: &str| -> Option<&str> {
            let start = json.find(&format!("\"{name}\": "))? + name.len() + 4;
            let rest = &json[start..];
            let end = rest.find([',', '}']).unwrap_or(rest.len());
            Some(rest[..end].trim())
        };
        if let Some(s) = field("skipped") {
            return Some(Report { skipped: Some(s.trim_matches('"').to_owned()), ..Default::default() });
        }
        Some(Report {
            wall: field("wall")?.parse().ok()?,
            cpu: field("cpu")?.parse().ok()?,
            bytes: field("bytes")?.parse().ok()?,
            objects: field("objects")?.parse().ok()?,
            peak_rss_kib: field("peak_rss_kib")?.parse().ok()?,
            skipped: None,
        })
    }
}

/// MemFree from /proc/meminfo, in MiB (0 if unreadable).
fn mem_free_mib() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().find_map(|l| l.strip_prefix("MemFree:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())))
        .map_or(0, |kib| kib >> 10)
}

fn python_has_awscrt() -> bool {
    let ok = |c: &mut Command| c.stdout(Stdio::null()).stderr(Stdio::null()).status().map(|s| s.success()).unwrap_or(false);
    if ok(Command::new("python3").args(["-c", "import awscrt, s3transfer.crt"])) {
        return true;
    }
    eprintln!("installing awscrt for the Python CRT peer (pip install awscrt)...");
    ok(Command::new("python3").args(["-m", "pip", "install", "--quiet", "awscrt"]))
        && ok(Command::new("python3").args(["-c", "import awscrt, s3transfer.crt"]))
}

struct Op<'a> {
    name: &'a str,
    key: String,
    src_key: Option<String>,
    path: PathBuf,
    count: u64,
}

fn run_client(client: &str, endpoint: &str, op: &Op) -> Result<Report, String> {
    let mut cmd = if client.starts_with("py-") {
        let mut c = Command::new("python3");
        c.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/peer.py"));
        c
    } else {
        let mut c = Command::new(std::env::current_exe().unwrap());
        c.arg("client");
        c
    };
    cmd.args(["--client", client, "--op", op.name, "--endpoint", endpoint, "--bucket", BUCKET]);
    cmd.args(["--access-key", server::ACCESS_KEY, "--secret-key", server::SECRET_KEY, "--region", server::REGION]);
    cmd.args(["--key", &op.key, "--path", op.path.to_str().unwrap(), "--count", &op.count.to_string()]);
    if let Some(src) = &op.src_key {
        cmd.args(["--src-key", src]);
    }
    let out = cmd.stderr(Stdio::inherit()).output().map_err(|e| format!("spawn {client}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("{client} {} failed ({}): {}", op.name, out.status, stdout.trim()));
    }
    stdout.lines().find_map(Report::parse).ok_or_else(|| format!("{client} printed no RESULT line: {stdout}"))
}

fn write_test_file(path: &Path, len: u64, seed: u64) {
    let mut f = std::io::BufWriter::with_capacity(8 << 20, std::fs::File::create(path).unwrap());
    let block = server::test_bytes(8 << 20, seed);
    let mut left = len;
    let mut i = 0u64;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        // Vary each block so parts differ (a dedup or caching layer must not flatter anyone).
        let mut b = block[..n].to_vec();
        b[..8.min(n)].copy_from_slice(&i.to_le_bytes()[..8.min(n)]);
        f.write_all(&b).unwrap();
        left -= n as u64;
        i += 1;
    }
    f.flush().unwrap();
}

fn files_equal(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else { return false };
    if fa.metadata().unwrap().len() != fb.metadata().unwrap().len() {
        return false;
    }
    let (mut ra, mut rb) = (BufReader::with_capacity(4 << 20, fa), BufReader::with_capacity(4 << 20, fb));
    let (mut ba, mut bb) = (vec![0u8; 4 << 20], vec![0u8; 4 << 20]);
    loop {
        let n = ra.read(&mut ba).unwrap();
        if n == 0 {
            return true;
        }
        rb.read_exact(&mut bb[..n]).unwrap();
        if ba[..n] != bb[..n] {
            return false;
        }
    }
}

fn orchestrate(args: &[String]) {
    let f = flags(args);
    let servers: Vec<&str> = match f.get("server").map(String::as_str).unwrap_or("both") {
        "both" => vec!["fs", "null"],
        one => vec![if one == "fs" { "fs" } else { "null" }],
    };
    let size: u64 = f.get("size-mib").map_or(1024, |s| s.parse().unwrap()) << 20;
    let count: u64 = f.get("count").map_or(1000, |s| s.parse().unwrap());
    let small: u64 = f.get("small-kib").map_or(64, |s| s.parse().unwrap()) << 10;
    let mut clients: Vec<String> = f
        .get("clients")
        .map_or("raw,classic,crt,py-classic,py-crt", String::as_str)
        .split(',')
        .map(str::to_owned)
        .collect();
    let ops: Vec<String> =
        f.get("ops").map_or("put,get,copy,put-many,get-many", String::as_str).split(',').map(str::to_owned).collect();
    if clients.iter().any(|c| c == "py-crt") && !python_has_awscrt() {
        eprintln!("awscrt is not available: skipping the Python CRT peer");
        clients.retain(|c| c != "py-crt");
    }

    // Source and downloaded files live in RAM (/dev/shm) when it exists, like the fs server's objects:
    // a disk's page-cache and allocation costs would be measured, not the client's.
    let work_parent = f.get("work").cloned().or_else(|| Path::new("/dev/shm").is_dir().then(|| "/dev/shm".to_owned()));
    let work = match &work_parent {
        Some(dir) => tempfile::Builder::new().prefix("s3t-bench-").tempdir_in(dir),
        None => tempfile::Builder::new().prefix("s3t-bench-").tempdir(),
    }
    .unwrap();
    let large = work.path().join("large.bin");
    write_test_file(&large, size, 7);
    let small_dir = work.path().join("small");
    std::fs::create_dir_all(&small_dir).unwrap();
    for i in 0..count {
        std::fs::write(small_dir.join(format!("{i:05}")), server::test_bytes(small as usize, 1000 + i)).unwrap();
    }
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "# bench: {} MiB object, {count} x {} KiB objects, {cpus} CPUs, clients {:?}",
        size >> 20,
        small >> 10,
        clients
    );
    // Writing a GiB into /dev/shm allocates its pages; with little free memory the kernel reclaims page
    // cache in the writer's own time, which made the same download vary 2x in speed and CPU here.
    let free_mib = mem_free_mib();
    if free_mib < 4 * (size >> 20) {
        println!(
            "# warning: {free_mib} MiB free: page-cache reclaim will add noise to downloads \
             (as root: sync; echo 3 > /proc/sys/vm/drop_caches)"
        );
    }
    println!("| server | operation | client | MiB/s | objects/s | CPU s/GiB | peak RSS MiB | vs py-classic | vs py-crt |");
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|");

    for kind in servers {
        let srv = Server::spawn(kind, f.get("storage"));
        // Seed the objects the download and copy operations read, with the raw client.
        let seed = |op: &Op| run_client("raw", &srv.endpoint, op).unwrap_or_else(|e| panic!("seeding failed: {e}"));
        clients::create_bucket(&srv.endpoint, BUCKET);
        seed(&Op { name: "put", key: "seed/large".into(), src_key: None, path: large.clone(), count: 1 });
        if ops.iter().any(|o| o == "get-many") {
            seed(&Op { name: "put-many", key: "seed/small/".into(), src_key: None, path: small_dir.clone(), count });
        }
        for op_name in &ops {
            let mut results: Vec<(String, Result<Report, String>)> = Vec::new();
            for client in &clients {
                let out_dir = work.path().join(format!("out-{client}"));
                let _ = std::fs::remove_dir_all(&out_dir);
                std::fs::create_dir_all(&out_dir).unwrap();
                let op = match op_name.as_str() {
                    "put" => Op { name: "put", key: format!("{client}/large"), src_key: None, path: large.clone(), count: 1 },
                    "get" => Op { name: "get", key: "seed/large".into(), src_key: None, path: out_dir.join("large"), count: 1 },
                    "copy" => Op {
                        name: "copy",
                        key: format!("{client}/copy"),
                        src_key: Some("seed/large".into()),
                        path: out_dir.clone(),
                        count: 1,
                    },
                    "put-many" => Op { name: "put-many", key: format!("{client}/small/"), src_key: None, path: small_dir.clone(), count },
                    "get-many" => Op { name: "get-many", key: "seed/small/".into(), src_key: None, path: out_dir.clone(), count },
                    other => panic!("unknown op {other}"),
                };
                let mut res = run_client(client, &srv.endpoint, &op);
                // A benchmark that moved wrong bytes measured nothing: check downloads (the null server
                // serves zeros, so there only the size can be checked).
                let measured = res.as_ref().map(|r| r.skipped.is_none()).unwrap_or(false);
                if measured && op.name == "get" {
                    let ok = if kind == "fs" {
                        files_equal(&large, &op.path)
                    } else {
                        std::fs::metadata(&op.path).map(|m| m.len()).ok() == Some(size)
                    };
                    if !ok {
                        res = Err(format!("{client} downloaded wrong bytes"));
                    }
                }
                if measured && op.name == "get-many" && kind == "fs" {
                    let bad = (0..count)
                        .find(|i| !files_equal(&small_dir.join(format!("{i:05}")), &out_dir.join(format!("{i:05}"))));
                    if let Some(i) = bad {
                        res = Err(format!("{client} downloaded wrong bytes for object {i}"));
                    }
                }
                let _ = std::fs::remove_dir_all(&out_dir);
                // Keep the server's storage small: what this client wrote is not read again.
                if matches!(op.name, "put" | "copy" | "put-many") {
                    clients::delete_objects(&srv.endpoint, BUCKET, &op.key, if op.name == "put-many" { op.count } else { 0 });
                }
                results.push((client.clone(), res));
            }
            let rate = |r: &Report| r.bytes as f64 / MIB / r.wall;
            let peer = |name: &str| {
                results.iter().find(|(c, _)| c == name).and_then(|(_, r)| r.as_ref().ok()).filter(|r| r.skipped.is_none()).cloned()
            };
            let (pc, pcrt) = (peer("py-classic"), peer("py-crt"));
            for (client, res) in &results {
                match res {
                    Ok(r) if r.skipped.is_some() => {
                        println!("| {kind} | {op_name} | {client} | skipped: {} | | | | | |", r.skipped.as_ref().unwrap())
                    }
                    Ok(r) => {
                        let ratio = |p: &Option<Report>| {
                            p.as_ref().map_or(String::from("-"), |p| {
                                format!("{:.2}x speed, {:.2}x CPU", rate(r) / rate(p), (r.cpu / r.bytes as f64) / (p.cpu / p.bytes as f64))
                            })
                        };
                        println!(
                            "| {kind} | {op_name} | {client} | {:.0} | {:.0} | {:.2} | {:.0} | {} | {} |",
                            rate(r),
                            r.objects as f64 / r.wall,
                            r.cpu / (r.bytes as f64 / GIB),
                            r.peak_rss_kib as f64 / 1024.0,
                            ratio(&pc),
                            ratio(&pcrt)
                        );
                    }
                    Err(e) => println!("| {kind} | {op_name} | {client} | FAILED: {} | | | | | |", e.replace('\n', " ")),
                }
            }
        }
    }
}
