import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `vite build` makes the app for Tauri (ui/dist). `vite build --mode mock` makes the same app with
// its IPC routed to the test harness's Rust service (ui/dist-mock), for the browser tests; it never ships.
export default defineConfig(({ mode }) => {
  const mock = mode === 'mock';
  return {
    base: './',
    plugins: [
      svelte({
        // CSP allows only style-src 'self': component CSS must go to a .css file, never a runtime <style>.
        emitCss: true,
        compilerOptions: { css: 'external' },
      }),
      {
        name: 'secspec-entry',
        // 'pre': the entry must be swapped before Vite collects the page's scripts.
        transformIndexHtml: {
          order: 'pre',
          handler: (html: string) => (mock ? html.replace('/src/main.ts', '/src/mock-main.ts') : html),
        },
      },
    ],
    build: {
      outDir: mock ? 'dist-mock' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      // One CSS file, no inline <style> or data: URLs for small assets.
      cssCodeSplit: false,
      assetsInlineLimit: 0,
      // No inline modulepreload polyfill script.
      modulePreload: { polyfill: false },
    },
    server: { host: '127.0.0.1', port: 1420, strictPort: true },
    preview: { host: '127.0.0.1', port: 4173, strictPort: true },
    test: {
      include: ['tests/unit/**/*.test.ts'],
      environment: 'node',
    },
  };
});
