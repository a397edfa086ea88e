//! Worker threads against worker processes for `ProcessPoolDownloader` (why this crate's
//! pool runs threads rather than processes, shown by measurement).
//!
//! ```text
//! cargo run --release --example pool_bench -- [--cases 64x4096,1000x64] [--workers 1,2,4] [--repeat 3]
//! ```
//!
//! `--cases` is a list of `COUNTxKIB` (number of objects x object size in KiB). The benchmark starts the
//! in-process s3s-fs test server (`tests/support/server.rs`, objects in /dev/shm when present, as
//! `examples/bench` keeps them), puts the objects straight into its storage, and downloads every case
//! with W workers in two ways, each run in a fresh process of its own (`pool_bench run ...`) so that
//! its CPU time and peak RSS are its own and not the server's:
//!
//! - `threads`: [`ProcessPoolDownloader`] with `max_request_processes = W` (worker threads, each with
//!   its own client and current-thread runtime);
//! - `processes`: a minimal worker-*process* pool built here: the run process starts W copies of this
//!   program (`pool_bench --worker`), each builds its own client and runtime and prints `ready`, then
//!   reads jobs (key, range, temp file, offset) line by line from stdin, writes the body at the offset
//!   of the shared pre-allocated temp file (positional write) and answers `ok ID` on stdout. The parent
//!   allocates the temp files, splits objects exactly as the pool does (same threshold, chunk size and
//!   range strings from `s3transfer::compat::utils`), keeps two jobs queued per worker, and renames a file once
//!   all its jobs are done. When stdin closes a worker prints its CPU seconds and peak RSS.
//!
//! Both variants get the size from the caller (`expected_size`; no HeadObject). Wall time runs from
//! the first call to the last worker gone (threads joined, processes exited), so worker start-up is
//! inside it. CPU seconds are the run process's (from /proc/self/stat, over the run) plus each worker
//! process's whole life; peak RSS is the run process's VmHWM plus each worker's. Start-up per worker
//! is spawn to `ready` for a process, and the client factory's time for a thread (a thread's spawn
//! itself is tens of microseconds). Every downloaded file is compared with the bytes put, and the
//! download directory must hold nothing else; a mismatch stops the benchmark. Each configuration runs
//! `--repeat` times, variants alternating; the run with the median wall time is reported, with the
//! range of wall and CPU times over all runs.

#[path = "../tests/support/server.rs"]
mod server;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use s3transfer::compat::processpool::{ProcessPoolDownloader, ProcessTransferConfig};
use s3transfer::compat::utils::{calculate_num_parts, calculate_range_parameter, temp_filename};

const BUCKET: &str = "pool-bench";
/// Jobs kept queued at each worker process (so it never waits for the parent between jobs).
const DEPTH: usize = 2;
/// Linux reports /proc CPU times in USER_HZ ticks, 100 per second on every architecture it runs on.
const TICKS_PER_SECOND: f64 = 100.0;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--worker") => worker(&args[1..]),
        Some("run") => run(&args[1..]),
        Some("--help" | "-h") => println!("usage: cargo run --release --example pool_bench -- [--cases 64x4096,1000x64] [--workers 1,2,4] [--repeat 3]"),
        _ => orchestrate(&args),
    }
}

/// Flags as `--name value` pairs.
fn flags(args: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let name = a.strip_prefix("--").unwrap_or_else(|| panic!("unexpected argument {a:?}"));
        out.insert(name.to_owned(), it.next().unwrap_or_else(|| panic!("flag --{name} needs a value")).clone());
    }
    out
}

fn flag<T: std::str::FromStr>(f: &BTreeMap<String, String>, name: &str) -> T {
    f.get(name).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("--{name} missing or invalid"))
}

/// CPU seconds (user + system) this process has used.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split_whitespace().collect();
    (fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap()) / TICKS_PER_SECOND
}

/// Peak resident set size of this process in KiB (VmHWM).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

fn key(size: u64, i: u64) -> String {
    format!("{size}/{i:05}")
}

fn seed(size: u64, i: u64) -> u64 {
    size * 100_003 + i
}

/// One run's figures.
#[derive(Clone, Debug)]
struct Report {
    wall: f64,
    cpu: f64,
    rss_kib: u64,
    startup_ms: f64,
}

fn orchestrate(args: &[String]) {
    let f = flags(args);
    let cases: Vec<(u64, u64)> = f
        .get("cases")
        .map_or("64x4096,1000x64", String::as_str)
        .split(',')
        .map(|c| {
            let (n, kib) = c.split_once('x').expect("a case is COUNTxKIB");
            (n.parse().unwrap(), kib.parse::<u64>().unwrap() << 10)
        })
        .collect();
    let workers: Vec<usize> = f.get("workers").map_or("1,2,4", String::as_str).split(',').map(|w| w.parse().unwrap()).collect();
    let repeat: usize = f.get("repeat").map_or(3, |r| r.parse().unwrap());
    let shm = Path::new("/dev/shm").is_dir().then(|| PathBuf::from("/dev/shm"));
    let srv = server::TestServer::start_with(server::ServerOptions { worker_threads: 2, parent_dir: shm.clone() });
    srv.create_bucket(BUCKET);
    let work = match &shm {
        Some(d) => tempfile::Builder::new().prefix("s3t-pool-bench-").tempdir_in(d),
        None => tempfile::Builder::new().prefix("s3t-pool-bench-").tempdir(),
    }
    .unwrap();
    let loadavg = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    println!(
        "# pool_bench: {} CPUs, load average {} at start; median of {repeat} runs by wall time",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        loadavg()
    );
    println!("| objects | W | variant | wall s (min–max) | MiB/s | CPU s, parent + workers (min–max) | peak RSS MiB (sum) | start-up per worker ms |");
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    for &(count, size) in &cases {
        for i in 0..count {
            srv.put_object_bytes(BUCKET, &key(size, i), &server::test_bytes(size as usize, seed(size, i)));
        }
        for &w in &workers {
            let mut runs: HashMap<&str, Vec<Report>> = HashMap::new();
            for _ in 0..repeat {
                for variant in ["threads", "processes"] {
                    let out = work.path().join("out");
                    let _ = std::fs::remove_dir_all(&out);
                    std::fs::create_dir_all(&out).unwrap();
                    let r = run_child(variant, w, count, size, &srv.endpoint(), &out);
                    verify(&out, count, size, variant);
                    runs.entry(variant).or_default().push(r);
                }
            }
            for variant in ["threads", "processes"] {
                let mut v = runs.remove(variant).unwrap();
                v.sort_by(|a, b| a.wall.total_cmp(&b.wall));
                let r = &v[v.len() / 2];
                let range = |get: fn(&Report) -> f64| {
                    let (lo, hi) = v.iter().map(get).fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
                    format!("{lo:.2}–{hi:.2}")
                };
                println!(
                    "| {count} x {} KiB | {w} | {variant} | {:.2} ({}) | {:.0} | {:.2} ({}) | {:.0} | {:.1} |",
                    size >> 10,
                    r.wall,
                    range(|r| r.wall),
                    (count * size) as f64 / (1024.0 * 1024.0) / r.wall,
                    r.cpu,
                    range(|r| r.cpu),
                    r.rss_kib as f64 / 1024.0,
                    r.startup_ms
                );
            }
        }
        for i in 0..count {
            let _ = std::fs::remove_file(srv.root().join(BUCKET).join(key(size, i)));
        }
    }
    println!("# load average {} at end", loadavg());
}

fn run_child(variant: &str, workers: usize, count: u64, size: u64, endpoint: &str, out: &Path) -> Report {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["run", "--variant", variant, "--workers", &workers.to_string(), "--count", &count.to_string()])
        .args(["--size", &size.to_string(), "--endpoint", endpoint, "--out", out.to_str().unwrap()])
        .stderr(Stdio::inherit())
        .output()
        .expect("spawn run process");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{variant} run failed ({}): {stdout}", output.status);
    let line = stdout.lines().find_map(|l| l.strip_prefix("RESULT ")).unwrap_or_else(|| panic!("no RESULT line: {stdout}"));
    let v: Vec<f64> = line.split_whitespace().map(|x| x.parse().unwrap()).collect();
    Report { wall: v[0], cpu: v[1], rss_kib: v[2] as u64, startup_ms: v[3] }
}

/// Every file holds exactly the bytes put, and nothing else (no temp file) is in the directory.
fn verify(out: &Path, count: u64, size: u64, variant: &str) {
    let entries = std::fs::read_dir(out).unwrap().count() as u64;
    assert_eq!(entries, count, "{variant}: {entries} files in {out:?}, expected {count}");
    for i in 0..count {
        let got = std::fs::read(out.join(format!("{i:05}"))).unwrap_or_else(|e| panic!("{variant}: file {i}: {e}"));
        assert!(got == server::test_bytes(size as usize, seed(size, i)), "{variant}: file {i} has wrong bytes");
    }
}

/// `pool_bench run --variant threads|processes ...`: one measured run; prints
/// `RESULT wall cpu rss_kib startup_ms`.
fn run(args: &[String]) {
    let f = flags(args);
    let (variant, endpoint, out): (String, String, PathBuf) = (flag(&f, "variant"), flag(&f, "endpoint"), flag(&f, "out"));
    let (workers, count, size): (usize, u64, u64) = (flag(&f, "workers"), flag(&f, "count"), flag(&f, "size"));
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let (startups, child_cpu, child_rss) = match variant.as_str() {
        "threads" => run_threads(workers, count, size, &endpoint, &out),
        "processes" => run_processes(workers, count, size, &endpoint, &out),
        other => panic!("unknown variant {other}"),
    };
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c0 + child_cpu;
    let startup_ms = startups.iter().sum::<f64>() / startups.len().max(1) as f64;
    println!("RESULT {wall} {cpu} {} {startup_ms}", peak_rss_kib() + child_rss);
}

/// The library's pool; returns the client factory's times in ms.
fn run_threads(workers: usize, count: u64, size: u64, endpoint: &str, out: &Path) -> (Vec<f64>, f64, u64) {
    let times = Arc::new(Mutex::new(Vec::new()));
    let (t, ep) = (times.clone(), endpoint.to_owned());
    let factory = move || {
        let start = Instant::now();
        let client = server::sdk_client_for(&ep, server::SECRET_KEY);
        t.lock().unwrap().push(start.elapsed().as_secs_f64() * 1000.0);
        client
    };
    let cfg = ProcessTransferConfig { max_request_processes: workers, ..Default::default() };
    let pool = ProcessPoolDownloader::new(Arc::new(factory), cfg);
    let futs: Vec<_> = (0..count)
        .map(|i| pool.download_file(BUCKET, &key(size, i), out.join(format!("{i:05}")), None, Some(size)).unwrap())
        .collect();
    for f in &futs {
        f.result().unwrap();
    }
    pool.shutdown();
    let v = times.lock().unwrap().clone();
    (v, 0.0, 0)
}

struct Proc {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    spawned: Instant,
    queued: usize,
}

/// Worker processes; returns their spawn-to-ready times in ms, their CPU seconds and peak RSS (KiB).
fn run_processes(workers: usize, count: u64, size: u64, endpoint: &str, out: &Path) -> (Vec<f64>, f64, u64) {
    let exe = std::env::current_exe().unwrap();
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    let mut procs: Vec<Proc> = (0..workers)
        .map(|idx| {
            let spawned = Instant::now();
            let mut child = Command::new(&exe)
                .args(["--worker", "--endpoint", endpoint])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("spawn worker process");
            let stdout = child.stdout.take().unwrap();
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let _ = tx.send((idx, line));
                }
            });
            let stdin = child.stdin.take();
            Proc { child, stdin, spawned, queued: 0 }
        })
        .collect();
    drop(tx);

    // Plan while the workers start: what the pool's submitter does (minus HeadObject).
    let defaults = ProcessTransferConfig::default();
    let mut jobs: VecDeque<String> = VecDeque::new();
    let mut job_file: Vec<usize> = Vec::new();
    let mut remaining: Vec<u64> = Vec::new();
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    for i in 0..count {
        let dest = out.join(format!("{i:05}"));
        let temp = temp_filename(&dest);
        std::fs::File::create(&temp).unwrap().set_len(size).unwrap();
        let parts: Vec<(String, u64)> = if size < defaults.multipart_threshold {
            vec![("-".into(), 0)]
        } else {
            let n = calculate_num_parts(size, defaults.multipart_chunksize);
            (0..n).map(|p| (calculate_range_parameter(defaults.multipart_chunksize, p, n, None), p * defaults.multipart_chunksize)).collect()
        };
        remaining.push(parts.len() as u64);
        for (range, offset) in parts {
            jobs.push_back(format!("{}\t{}\t{range}\t{}\t{offset}\n", job_file.len(), key(size, i), temp.display()));
            job_file.push(i as usize);
        }
        files.push((temp, dest));
    }
    let send = |p: &mut Proc, jobs: &mut VecDeque<String>| {
        while p.queued < DEPTH {
            let Some(j) = jobs.pop_front() else { return };
            p.stdin.as_mut().unwrap().write_all(j.as_bytes()).expect("write job");
            p.queued += 1;
        }
    };
    for p in procs.iter_mut() {
        send(p, &mut jobs);
    }

    let mut startups = vec![0.0; workers];
    let mut files_left = count;
    let mut stats: Vec<(f64, u64)> = Vec::new();
    while stats.len() < workers {
        let (idx, line) = rx.recv_timeout(Duration::from_secs(120)).expect("a worker answered");
        let mut words = line.split_whitespace();
        match words.next() {
            Some("ready") => startups[idx] = procs[idx].spawned.elapsed().as_secs_f64() * 1000.0,
            Some("ok") => {
                let id: usize = words.next().unwrap().parse().unwrap();
                let file = job_file[id];
                remaining[file] -= 1;
                if remaining[file] == 0 {
                    std::fs::rename(&files[file].0, &files[file].1).unwrap();
                    files_left -= 1;
                    if files_left == 0 {
                        // Every file is in place: close stdins, the workers report and exit.
                        for p in procs.iter_mut() {
                            p.stdin = None;
                        }
                    }
                }
                let p = &mut procs[idx];
                p.queued -= 1;
                if p.stdin.is_some() {
                    send(p, &mut jobs);
                }
            }
            Some("stats") => {
                let cpu: f64 = words.next().unwrap().parse().unwrap();
                let rss: u64 = words.next().unwrap().parse().unwrap();
                stats.push((cpu, rss));
            }
            _ => panic!("worker {idx}: {line}"),
        }
    }
    for p in procs.iter_mut() {
        assert!(p.child.wait().unwrap().success());
    }
    (startups, stats.iter().map(|s| s.0).sum(), stats.iter().map(|s| s.1).sum())
}

/// `pool_bench --worker --endpoint URL`: one worker process.
fn worker(args: &[String]) {
    let f = flags(args);
    let endpoint: String = flag(&f, "endpoint");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = server::sdk_client_for(&endpoint, server::SECRET_KEY);
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "ready").unwrap();
    stdout.flush().unwrap();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let v: Vec<&str> = line.split('\t').collect();
        let (id, key, range, temp, offset) = (v[0], v[1], v[2], v[3], v[4].parse::<u64>().unwrap());
        let result: Result<(), String> = rt.block_on(async {
            let mut req = client.get_object().bucket(BUCKET).key(key);
            if range != "-" {
                req = req.range(range);
            }
            let mut body = req.send().await.map_err(|e| format!("GetObject: {e:?}"))?.body;
            let file = std::fs::OpenOptions::new().write(true).open(temp).map_err(|e| e.to_string())?;
            let mut at = offset;
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| e.to_string())?;
                file.write_all_at(&chunk, at).map_err(|e| e.to_string())?;
                at += chunk.len() as u64;
            }
            Ok(())
        });
        match result {
            Ok(()) => writeln!(stdout, "ok {id}").unwrap(),
            Err(e) => writeln!(stdout, "err {id} {}", e.replace('\n', " ")).unwrap(),
        }
        stdout.flush().unwrap();
    }
    writeln!(stdout, "stats {} {}", cpu_seconds(), peak_rss_kib()).unwrap();
}
