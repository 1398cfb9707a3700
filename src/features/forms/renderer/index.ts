export type { FormRendererMode, FormRendererProps, PublicForm, ResumeState } from "./types";
