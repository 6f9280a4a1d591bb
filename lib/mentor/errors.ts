import { DomainError } from "@/lib/errors";
// A refusal with a message the learner or mentor can act on; `status` is the HTTP status a route
// should answer with.
export class MentorError extends DomainError {}
