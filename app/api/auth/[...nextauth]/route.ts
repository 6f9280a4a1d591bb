import { handlers } from "@/lib/auth/auth.server";

export const { GET, POST } = handlers;
