//! Runs the test s3s-fs server (storage under $BENCH_DIR or /dev/shm) until stdin closes, printing its
//! endpoint; used by `scripts/bench-classic.sh` so client and server run in separate processes.
#[path = "../tests/support/server.rs"]
mod server;

fn main() {
    let dir = std::env::var("BENCH_DIR").unwrap_or_else(|_| "/dev/shm".into());
    let s = server::TestServer::start_with(server::ServerOptions { worker_threads: 2, parent_dir: Some(dir.into()) });
    s.create_bucket("bench");
    println!("{}", s.endpoint());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}
