import '@testing-library/jest-dom';

// Two shared cores: MUI tables render slowly here, so allow more than Jest's 5 s.
jest.setTimeout(30_000);
