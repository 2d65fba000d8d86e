// Imports every area's fixture registrations (side effects on portFixtures).
import './dataset-fixture';
export {};
