export { AuthService, SESSION_TTL_MS, toUser, type Credentials, type Resolution } from './auth-service';
export { authenticate } from './middleware';
export { authRoutes } from './routes';
export { socketAuthentication, socketPrincipal } from './socket';
export { writeCliToken, CLI_TOKEN_FILE, CLI_TOKEN_NAME } from './cli-token';
export { localPrincipal, principalOf, type Principal } from './principal';
