// Browser-test entry (vite build --mode mock): installs the in-memory IPC mock fed by the JSON
// captured from the Rust service, then starts the real app. Never part of the Tauri build.
// ES modules run in import order, so the mock is installed before main.ts mounts the app.
import './mock/install';
import './main';
