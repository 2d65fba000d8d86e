// Imports every area's fixture registrations (side effects on portFixtures).
import '../feature/dataset-fixture';
export {};
