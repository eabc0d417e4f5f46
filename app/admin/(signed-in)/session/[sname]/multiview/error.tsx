"use client";

import { SessionSubpageError } from "@/components/admin/session-page-error";

export default SessionSubpageError;
