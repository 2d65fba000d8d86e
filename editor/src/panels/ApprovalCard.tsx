// The approval card lives in approvals/ (context table, countdown, override with a reason).
export { ApprovalCard } from '../approvals/ApprovalCard';
