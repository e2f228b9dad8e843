// Browser-test entry (vite build --mode mock): routes IPC to the real Rust service the test
// harness runs, then starts the real app. Never part of the Tauri build.
// ES modules run in import order, so the route is installed before main.ts mounts the app.
import './mock/install';
import './main';
