// Imported first by mock-main.ts: the mock must be in place before the app's first IPC call.
import { installMock } from './fake-backend';

installMock();
