import { configure } from '@testing-library/react';

// Component tests run beside the browser and API tests on a shared machine: Testing Library's
// 1 s default for findBy*/waitFor fails a correct component whenever the machine is busy.
configure({ asyncUtilTimeout: 10_000 });
