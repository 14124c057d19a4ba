import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Material table and the dialogs render slowly when the suites run in parallel.
configure({ asyncUtilTimeout: 4000 });
jest.setTimeout(20_000);
