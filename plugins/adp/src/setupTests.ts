import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Two shared cores: MUI tables render slowly here, so allow more than Jest's 5 s.
jest.setTimeout(30_000);

// findBy* and waitFor wait for the thing itself; on a busy CI machine a picker's debounced
// search can take longer than Testing Library's default 1 s to show its suggestions.
configure({ asyncUtilTimeout: 10_000 });
