/**
 * One small class per command; this registry holds them. `extension.ts` registers the IDs with VS Code at
 * activation and forwards each call here once the features are loaded.
 */
export interface Command {
	readonly id: string;
	execute(...args: unknown[]): unknown;
}

export class CommandManager {
	private readonly _commands = new Map<string, Command>();

	register<T extends Command>(command: T): T {
		if (this._commands.has(command.id)) {
			throw new Error(`Command ${command.id} is registered twice`);
		}
		this._commands.set(command.id, command);
		return command;
	}

	execute(id: string, args: unknown[]): unknown {
		const command = this._commands.get(id);
		if (!command) {
			throw new Error(`Command ${id} is not implemented`);
		}
		return command.execute(...args);
	}

	get registeredIds(): string[] {
		return [...this._commands.keys()];
	}
}
