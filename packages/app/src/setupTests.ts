import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The app renders lazily (extensions, the sign-in page) and CI machines are small:
// wait for it longer than the 1 s / 5 s defaults before calling a test failed.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
