import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Material table and the dialogs render slowly when the suites run in parallel on a busy
// machine; waits are for elements to appear, so a long ceiling costs nothing when they do.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);
