export { FormRenderer } from "./form-renderer";
export type { FormRendererMode, FormRendererProps, PublicForm, ResumeState } from "./types";
